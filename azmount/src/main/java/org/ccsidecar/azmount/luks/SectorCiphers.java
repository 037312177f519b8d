package org.ccsidecar.azmount.luks;

/** The sector ciphers this engine supports, by their dm-crypt names. */
public final class SectorCiphers {
  public static final String AES_XTS_PLAIN64 = "aes-xts-plain64";
  public static final String AES_CBC_ESSIV_SHA256 = "aes-cbc-essiv:sha256";

  private SectorCiphers() {}

  /** Throws naming what is unsupported unless {@code spec} with a key of keyBytes works. */
  static void checkSupported(String spec, int keyBytes, String where) throws LuksException {
    boolean keyOk =
        switch (spec) {
          case AES_XTS_PLAIN64 -> keyBytes == 32 || keyBytes == 64;
          case AES_CBC_ESSIV_SHA256 -> keyBytes == 16 || keyBytes == 24 || keyBytes == 32;
          default ->
              throw new LuksException(
                  "unsupported cipher '"
                      + LuksText.printable(spec)
                      + "' in "
                      + where
                      + " (supported: "
                      + AES_XTS_PLAIN64
                      + ", "
                      + AES_CBC_ESSIV_SHA256
                      + ")");
        };
    if (!keyOk) {
      throw new LuksException(
          "unsupported key size " + keyBytes * 8 + " bits for " + spec + " in " + where);
    }
  }

  /**
   * A cipher for {@code spec} under {@code key} (copied into the key schedule; the caller zeroes
   * its array), sectors of {@code sectorSize} bytes.
   */
  public static SectorCipher create(String spec, byte[] key, int sectorSize) throws LuksException {
    return create(spec, key, sectorSize, XtsPasses.fastest());
  }

  /**
   * Like {@link #create}, for a few hundred KiB once (a keyslot's key material): XTS on the scalar
   * passes, since the Vector API ones run interpreted, and far slower, until C2 has compiled them.
   */
  static SectorCipher createForOneUse(String spec, byte[] key, int sectorSize)
      throws LuksException {
    return create(spec, key, sectorSize, new ScalarXtsPasses());
  }

  private static SectorCipher create(String spec, byte[] key, int sectorSize, XtsPasses passes)
      throws LuksException {
    checkSupported(spec, key.length, "cipher spec");
    checkSectorSize(sectorSize);
    return spec.equals(AES_XTS_PLAIN64)
        ? new XtsPlain64Cipher(key, sectorSize, passes)
        : new CbcEssivCipher(key, sectorSize);
  }

  private static void checkSectorSize(int sectorSize) throws LuksException {
    if (sectorSize < 512 || sectorSize > 4096 || Integer.bitCount(sectorSize) != 1) {
      throw new LuksException("unsupported sector size " + sectorSize + " (512 to 4096)");
    }
  }
}
