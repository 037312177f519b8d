package org.ccsidecar.azmount.luks;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2i and Argon2id (version 0x13, as cryptsetup uses) through Bouncy Castle. */
final class Argon2Kdf {
  private Argon2Kdf() {}

  static byte[] derive(
      boolean argon2id,
      byte[] password,
      byte[] salt,
      int time,
      int memoryKiB,
      int lanes,
      int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(
                argon2id ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withIterations(time)
            .withMemoryAsKB(memoryKiB)
            .withParallelism(lanes)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }
}
