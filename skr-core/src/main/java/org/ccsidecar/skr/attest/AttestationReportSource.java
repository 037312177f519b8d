package org.ccsidecar.skr.attest;

import java.io.IOException;

/** Produces a 1184-byte SEV-SNP attestation report carrying caller-chosen REPORT_DATA. */
public interface AttestationReportSource {
  /**
   * Fetches a report whose REPORT_DATA field holds {@code reportData64}.
   *
   * @param reportData64 exactly 64 bytes (see {@link ReportData#forRuntimeData(byte[])})
   * @return the raw report, 1184 bytes, little-endian as the firmware wrote it
   */
  byte[] fetchReport(byte[] reportData64) throws IOException;

  /** A short name for logs and error messages, such as "configfs-tsm". */
  String name();
}
