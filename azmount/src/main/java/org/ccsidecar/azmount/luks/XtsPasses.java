package org.ccsidecar.azmount.luks;

/**
 * The tweak work of aes-xts-plain64 around the bulk AES calls, for one chunk of whole sectors:
 * generating each block's tweak and the XOR passes. This work, not AES, decides XTS speed, so it
 * has a SIMD implementation on the JDK's Vector API and a scalar one for JVMs started without it.
 */
interface XtsPasses {
  /**
   * Writes every block's tweak to {@code tweaks} and {@code buf[pos + i] XOR tweaks[i]} to {@code
   * whitened}, for {@code n} bytes of sectors whose first tweaks (one 16-byte block per sector) are
   * in {@code firstTweaks}.
   */
  void whiten(
      byte[] buf,
      int pos,
      int n,
      int sectorSize,
      byte[] firstTweaks,
      byte[] tweaks,
      byte[] whitened);

  /** buf[pos + i] ^= tweaks[i] for {@code n} bytes. */
  void xorInPlace(byte[] buf, int pos, byte[] tweaks, int n);

  /**
   * buf[pos + i] ^= tweaks[i] XOR whitened[i - 16] (zero before the start) for {@code n} bytes:
   * turns the CBC decryption of the whitened blocks into XTS plaintext.
   */
  void unchain(byte[] buf, int pos, byte[] tweaks, byte[] whitened, int n);

  /**
   * The Vector API implementation when this JVM has the jdk.incubator.vector module (added with
   * {@code --add-modules jdk.incubator.vector}, as the launchers do) and 256-bit vectors, else the
   * scalar one.
   */
  static XtsPasses fastest() {
    boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    return vectorModule && VectorXtsPasses.usable() ? new VectorXtsPasses() : new ScalarXtsPasses();
  }
}
