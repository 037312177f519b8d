package org.ccsidecar.skr.snp;

/**
 * A TCB_VERSION as it appears in SNP reports and in THIM's "tcbm": a little-endian u64 whose bytes
 * are, on Milan and Genoa, boot loader (0), TEE (1), four reserved (2-5), SNP firmware (6) and
 * microcode (7) security patch levels.
 */
public record TcbVersion(long raw) {
  public static TcbVersion ofHex(String hex) {
    try {
      return new TcbVersion(Long.parseUnsignedLong(hex.trim(), 16));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("TCB version is not a hex u64: '" + hex + "'", e);
    }
  }

  /** The security patch level in byte {@code index} (0 = least significant). */
  public int spl(int index) {
    return (int) ((raw >>> (8 * index)) & 0xFF);
  }

  public int bootLoader() {
    return spl(0);
  }

  public int tee() {
    return spl(1);
  }

  public int snp() {
    return spl(6);
  }

  public int microcode() {
    return spl(7);
  }

  /** 16 lower-case hex digits, the form THIM uses for "tcbm". */
  public String toHex() {
    return String.format("%016x", raw);
  }

  @Override
  public String toString() {
    return String.format(
        "%s (bootloader %d, tee %d, snp %d, microcode %d)",
        toHex(), bootLoader(), tee(), snp(), microcode());
  }
}
