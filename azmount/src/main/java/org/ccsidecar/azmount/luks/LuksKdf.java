package org.ccsidecar.azmount.luks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A keyslot's key derivation function with its cost parameters, as the header states them.
 *
 * @param type "pbkdf2", "argon2i" or "argon2id"
 * @param hash the PBKDF2 hash ("sha256"), null for Argon2
 * @param iterations PBKDF2 iterations, or the Argon2 time cost
 * @param memoryKiB Argon2 memory cost in KiB (0 for PBKDF2)
 * @param cpus Argon2 lanes (0 for PBKDF2)
 */
public record LuksKdf(
    String type, String hash, long iterations, int memoryKiB, int cpus, byte[] salt) {
  /** Refused above this: cryptsetup's 2-second benchmark lands near a few million. */
  static final long MAX_PBKDF2_ITERATIONS = 20_000_000L;

  static final long MAX_ARGON2_TIME = 64;
  static final int MAX_ARGON2_MEMORY_KIB = 1024 * 1024;
  static final int MAX_ARGON2_CPUS = 16;

  /** Time times memory: at most four passes over the largest memory. */
  static final long MAX_ARGON2_WORK_KIB = 4L * MAX_ARGON2_MEMORY_KIB;

  static final int MAX_SALT_BYTES = 1024;

  public LuksKdf {
    salt = salt.clone();
  }

  static LuksKdf pbkdf2(String hash, long iterations, byte[] salt) {
    return new LuksKdf("pbkdf2", hash, iterations, 0, 0, salt);
  }

  static LuksKdf argon2(String type, long time, int memoryKiB, int cpus, byte[] salt) {
    return new LuksKdf(type, null, time, memoryKiB, cpus, salt);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  boolean isArgon2() {
    return type.equals("argon2i") || type.equals("argon2id");
  }

  /** A one-line description without the salt, e.g. "pbkdf2 sha256, 1000 iterations". */
  public String describe() {
    if (isArgon2()) {
      return String.format(
          Locale.ROOT, "%s, time %d, memory %d KiB, %d threads", type, iterations, memoryKiB, cpus);
    }
    return String.format(Locale.ROOT, "%s %s, %d iterations", type, hash, iterations);
  }

  /**
   * Refuses cost parameters that would hang or exhaust memory, before any derivation starts. The
   * type and hash are checked too, so a keyslot that passes can be derived.
   */
  void checkSupportedAndSane(String where) throws LuksException {
    if (type.equals("pbkdf2")) {
      LuksHash.byName(hash, where);
      if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
        throw new LuksException(
            where
                + ": pbkdf2 iterations "
                + iterations
                + " out of range 1.."
                + MAX_PBKDF2_ITERATIONS);
      }
    } else if (isArgon2()) {
      if (iterations < 1 || iterations > MAX_ARGON2_TIME) {
        throw new LuksException(
            where + ": argon2 time cost " + iterations + " out of range 1.." + MAX_ARGON2_TIME);
      }
      if (cpus < 1 || cpus > MAX_ARGON2_CPUS) {
        throw new LuksException(
            where + ": argon2 threads " + cpus + " out of range 1.." + MAX_ARGON2_CPUS);
      }
      if (memoryKiB < 8L * cpus || memoryKiB > MAX_ARGON2_MEMORY_KIB) {
        throw new LuksException(
            where
                + ": argon2 memory "
                + memoryKiB
                + " KiB out of range "
                + 8 * cpus
                + ".."
                + MAX_ARGON2_MEMORY_KIB);
      }
      if (iterations * memoryKiB > MAX_ARGON2_WORK_KIB) {
        throw new LuksException(
            where
                + ": argon2 cost time "
                + iterations
                + " x memory "
                + memoryKiB
                + " KiB too high");
      }
      long heap = Runtime.getRuntime().maxMemory();
      if (memoryKiB * 1024L > heap / 2) {
        throw new LuksException(
            where
                + ": argon2 needs "
                + memoryKiB / 1024
                + " MiB of memory, more than half the JVM heap ("
                + heap / (1024 * 1024)
                + " MiB); raise -Xmx");
      }
    } else {
      throw new LuksException(
          "unsupported KDF '"
              + LuksText.printable(type)
              + "' in "
              + where
              + " (supported: pbkdf2, argon2i, argon2id)");
    }
    if (salt.length == 0 || salt.length > MAX_SALT_BYTES) {
      throw new LuksException(where + ": KDF salt of " + salt.length + " bytes");
    }
  }

  /**
   * Derives {@code length} bytes from the passphrase; call {@link #checkSupportedAndSane} first.
   */
  byte[] derive(byte[] passphrase, int length) throws LuksException {
    if (isArgon2()) {
      return Argon2Kdf.derive(
          type.equals("argon2id"), passphrase, salt, (int) iterations, memoryKiB, cpus, length);
    }
    return Pbkdf2.derive(LuksHash.byName(hash, "KDF"), passphrase, salt, iterations, length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LuksKdf k
        && type.equals(k.type)
        && Objects.equals(hash, k.hash)
        && iterations == k.iterations
        && memoryKiB == k.memoryKiB
        && cpus == k.cpus
        && Arrays.equals(salt, k.salt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, hash, iterations, memoryKiB, cpus, Arrays.hashCode(salt));
  }

  @Override
  public String toString() {
    return describe();
  }
}
