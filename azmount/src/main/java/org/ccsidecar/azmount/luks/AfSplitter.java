package org.ccsidecar.azmount.luks;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The LUKS anti-forensic splitter: a key of n bytes is stored as {@code stripes} blocks of n bytes,
 * all of which are needed to get it back.
 */
final class AfSplitter {
  private AfSplitter() {}

  /** The key spread over {@code stripes} blocks (stripes times key length bytes). */
  static byte[] split(byte[] key, int stripes, LuksHash hash, SecureRandom random) {
    int n = key.length;
    byte[] material = new byte[n * stripes];
    byte[] randomPart = new byte[n * (stripes - 1)];
    random.nextBytes(randomPart);
    System.arraycopy(randomPart, 0, material, 0, randomPart.length);
    Arrays.fill(randomPart, (byte) 0);
    byte[] d = chain(material, n, stripes, hash);
    int last = n * (stripes - 1);
    for (int i = 0; i < n; i++) {
      material[last + i] = (byte) (d[i] ^ key[i]);
    }
    Arrays.fill(d, (byte) 0);
    return material;
  }

  /** The key of {@code keyBytes} bytes stored in {@code material} (at least keyBytes * stripes). */
  static byte[] merge(byte[] material, int keyBytes, int stripes, LuksHash hash) {
    byte[] d = chain(material, keyBytes, stripes, hash);
    int last = keyBytes * (stripes - 1);
    for (int i = 0; i < keyBytes; i++) {
      d[i] ^= material[last + i];
    }
    return d;
  }

  /** d = 0; for each of the first stripes-1 blocks: d = diffuse(d XOR block). */
  private static byte[] chain(byte[] material, int n, int stripes, LuksHash hash) {
    MessageDigest digest = hash.newMessageDigest();
    byte[] d = new byte[n];
    byte[] piece = new byte[hash.size()];
    for (int s = 0; s < stripes - 1; s++) {
      int base = s * n;
      for (int i = 0; i < n; i++) {
        d[i] ^= material[base + i];
      }
      diffuse(d, digest, piece);
    }
    Arrays.fill(piece, (byte) 0);
    return d;
  }

  /** Hashes d in place, piece by piece, each piece prefixed by its big-endian index. */
  private static void diffuse(byte[] d, MessageDigest digest, byte[] piece) {
    int size = piece.length;
    for (int index = 0, off = 0; off < d.length; index++, off += size) {
      int len = Math.min(size, d.length - off);
      digest.update((byte) (index >>> 24));
      digest.update((byte) (index >>> 16));
      digest.update((byte) (index >>> 8));
      digest.update((byte) index);
      digest.update(d, off, len);
      try {
        digest.digest(piece, 0, size);
      } catch (java.security.DigestException e) {
        throw new IllegalStateException(e);
      }
      System.arraycopy(piece, 0, d, off, len);
    }
  }
}
