package org.ccsidecar.skr.attest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** The REPORT_DATA field of an SNP report: SHA-256 of the runtime data, then 32 zero bytes. */
public final class ReportData {
  public static final int SIZE = 64;

  private ReportData() {}

  /** REPORT_DATA as MAA expects it for {@code runtimeData} (the JWK set JSON). */
  public static byte[] forRuntimeData(byte[] runtimeData) {
    return Arrays.copyOf(sha256(runtimeData), SIZE);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static void requireSize(byte[] reportData64) {
    if (reportData64 == null || reportData64.length != SIZE) {
      throw new IllegalArgumentException(
          "REPORT_DATA must be "
              + SIZE
              + " bytes, got "
              + (reportData64 == null ? "null" : reportData64.length));
    }
  }
}
