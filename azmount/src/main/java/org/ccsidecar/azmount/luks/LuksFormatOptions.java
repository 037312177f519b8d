package org.ccsidecar.azmount.luks;

/**
 * How {@link LuksFormatter} builds a new LUKS2 image.
 *
 * @param cipherSpec data and keyslot cipher ("aes-xts-plain64" or "aes-cbc-essiv:sha256")
 * @param volumeKeyBits volume key size (512 or 256 for XTS; 128, 192 or 256 for CBC-ESSIV)
 * @param sectorSize 512, 1024, 2048 or 4096
 * @param pbkdf keyslot KDF: "pbkdf2", "argon2i" or "argon2id"
 * @param hash hash of PBKDF2, the AF splitter and the volume key digest
 * @param pbkdf2Iterations PBKDF2 iterations of the keyslot and the digest (at least 1000)
 * @param argon2Time Argon2 time cost
 * @param argon2MemoryKiB Argon2 memory cost in KiB
 * @param argon2Threads Argon2 lanes
 */
public record LuksFormatOptions(
    String cipherSpec,
    int volumeKeyBits,
    int sectorSize,
    String pbkdf,
    String hash,
    int pbkdf2Iterations,
    int argon2Time,
    int argon2MemoryKiB,
    int argon2Threads) {

  /** cryptsetup's floor for PBKDF2 iterations; it refuses headers with fewer. */
  public static final int MIN_PBKDF2_ITERATIONS = 1000;

  /**
   * aes-xts-plain64 with a 512-bit key, 4096-byte sectors, one pbkdf2-sha256 keyslot (and digest)
   * of cryptsetup's minimum of 1000 iterations. Key files hold 32 random bytes, so KDF cost buys no
   * security, while every mount pays it in a cold JVM: 10000 iterations cost a sidecar start about
   * 0.2 s more (docs/BENCHMARKS.md, session 9).
   */
  public static LuksFormatOptions defaults() {
    return new LuksFormatOptions(
        SectorCiphers.AES_XTS_PLAIN64,
        512,
        4096,
        "pbkdf2",
        "sha256",
        MIN_PBKDF2_ITERATIONS,
        4,
        65536,
        1);
  }

  public LuksFormatOptions withCipher(String spec, int keyBits) {
    return new LuksFormatOptions(
        spec,
        keyBits,
        sectorSize,
        pbkdf,
        hash,
        pbkdf2Iterations,
        argon2Time,
        argon2MemoryKiB,
        argon2Threads);
  }

  public LuksFormatOptions withSectorSize(int bytes) {
    return new LuksFormatOptions(
        cipherSpec,
        volumeKeyBits,
        bytes,
        pbkdf,
        hash,
        pbkdf2Iterations,
        argon2Time,
        argon2MemoryKiB,
        argon2Threads);
  }

  /** Keyslot KDF "pbkdf2", "argon2i" or "argon2id" with the current cost parameters. */
  public LuksFormatOptions withPbkdf(String kdf) {
    return new LuksFormatOptions(
        cipherSpec,
        volumeKeyBits,
        sectorSize,
        kdf,
        hash,
        pbkdf2Iterations,
        argon2Time,
        argon2MemoryKiB,
        argon2Threads);
  }

  public LuksFormatOptions withPbkdf2Iterations(int iterations) {
    return new LuksFormatOptions(
        cipherSpec,
        volumeKeyBits,
        sectorSize,
        pbkdf,
        hash,
        iterations,
        argon2Time,
        argon2MemoryKiB,
        argon2Threads);
  }

  public LuksFormatOptions withArgon2(int time, int memoryKiB, int threads) {
    return new LuksFormatOptions(
        cipherSpec,
        volumeKeyBits,
        sectorSize,
        pbkdf,
        hash,
        pbkdf2Iterations,
        time,
        memoryKiB,
        threads);
  }

  /** Refuses options the engine or cryptsetup would not accept, naming the option. */
  void validate() throws LuksException {
    SectorCiphers.checkSupported(cipherSpec, volumeKeyBits / 8, "the format options");
    if (volumeKeyBits % 8 != 0) {
      throw new LuksException("volume key size " + volumeKeyBits + " bits is not whole bytes");
    }
    if (sectorSize < 512 || sectorSize > 4096 || Integer.bitCount(sectorSize) != 1) {
      throw new LuksException("unsupported sector size " + sectorSize + " (512 to 4096)");
    }
    LuksHash.byName(hash, "the format options");
    if (pbkdf2Iterations < MIN_PBKDF2_ITERATIONS
        || pbkdf2Iterations > LuksKdf.MAX_PBKDF2_ITERATIONS) {
      throw new LuksException(
          "pbkdf2 iterations "
              + pbkdf2Iterations
              + " out of range "
              + MIN_PBKDF2_ITERATIONS
              + ".."
              + LuksKdf.MAX_PBKDF2_ITERATIONS);
    }
    keyslotKdf(new byte[32]).checkSupportedAndSane("the format options");
  }

  /** The keyslot KDF these options describe, with {@code salt}. */
  LuksKdf keyslotKdf(byte[] salt) {
    return pbkdf.equals("pbkdf2")
        ? LuksKdf.pbkdf2(hash, pbkdf2Iterations, salt)
        : LuksKdf.argon2(pbkdf, argon2Time, argon2MemoryKiB, argon2Threads, salt);
  }
}
