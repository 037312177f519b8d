package org.ccsidecar.skr.snp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.ccsidecar.testkit.TestData;

/** The real Milan report and its certificates from testdata/snp. */
public final class SnpTestData {
  private SnpTestData() {}

  public static byte[] reportBytes() {
    return read("snp_report.bin");
  }

  public static byte[] thimJson() {
    return read("uvm_host_amd_certificate.json");
  }

  public static byte[] pemChain() {
    return read("uvm_host_amd_certificate.pem");
  }

  public static byte[] read(String name) {
    try {
      return Files.readAllBytes(TestData.snp(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
