package org.ccsidecar.azmount.luks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A long run of sectors in one call (several chunks, four-sector groups plus a remainder) gives the
 * same bytes as one sector per call, and decryption inverts encryption. Correctness against
 * cryptsetup itself is {@link CryptsetupMatrixTest}'s job; this pins the bulk paths to each other.
 */
class SectorCipherConsistencyTest {

  @ParameterizedTest
  @CsvSource({
    "aes-xts-plain64, 64, 4096",
    "aes-xts-plain64, 32, 512",
    "aes-xts-plain64, 64, 1024",
    "aes-cbc-essiv:sha256, 16, 512",
    "aes-cbc-essiv:sha256, 32, 4096",
    "aes-cbc-essiv:sha256, 24, 2048"
  })
  void bulkRunsMatchSectorBySectorAndRoundTrip(String spec, int keyBytes, int sectorSize)
      throws LuksException {
    Random random = new Random(spec.hashCode() + keyBytes + sectorSize);
    byte[] key = new byte[keyBytes];
    random.nextBytes(key);
    int sectors = 37;
    byte[] plain = new byte[sectors * sectorSize + 3];
    random.nextBytes(plain);
    long firstIv = 1L << 40;
    int ivStep = sectorSize / 512;

    try (SectorCipher cipher = SectorCiphers.create(spec, key, sectorSize)) {
      byte[] bulk = plain.clone();
      cipher.encrypt(bulk, 3, sectors * sectorSize, firstIv);
      byte[] single = plain.clone();
      for (int i = 0; i < sectors; i++) {
        cipher.encrypt(single, 3 + i * sectorSize, sectorSize, firstIv + (long) i * ivStep);
      }
      assertArrayEquals(single, bulk);
      assertFalse(Arrays.equals(plain, bulk));

      byte[] decrypted = bulk.clone();
      cipher.decrypt(decrypted, 3, sectors * sectorSize, firstIv);
      assertArrayEquals(plain, decrypted);
      for (int i = 0; i < sectors; i++) {
        cipher.decrypt(single, 3 + i * sectorSize, sectorSize, firstIv + (long) i * ivStep);
      }
      assertArrayEquals(plain, single);

      try (SectorCipher oneUse = SectorCiphers.createForOneUse(spec, key, sectorSize)) {
        byte[] again = plain.clone();
        oneUse.encrypt(again, 3, sectors * sectorSize, firstIv);
        assertArrayEquals(bulk, again); // the keyslot cipher is the same cipher
        oneUse.decrypt(again, 3, sectors * sectorSize, firstIv);
        assertArrayEquals(plain, again);
      }
    }
  }
}
