package org.ccsidecar.skr.attest;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationReportSourcesTest {
  @TempDir Path dir;

  @Test
  void noInterfaceFailsClearlyAndNeverFallsBackToFake() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> AttestationReportSources.detect(dir.resolve("tsm"), dir.resolve("sev-guest")));
    assertTrue(e.getMessage().contains("no SEV-SNP attestation interface"), e.getMessage());
    assertTrue(e.getMessage().contains("sev-guest"), e.getMessage());
  }

  @Test
  void prefersConfigfsTsmWhenPresent() throws Exception {
    Files.createDirectory(dir.resolve("tsm"));
    Files.createFile(dir.resolve("sev-guest"));
    assertInstanceOf(
        ConfigfsTsmReportSource.class,
        AttestationReportSources.detect(dir.resolve("tsm"), dir.resolve("sev-guest")));
  }

  @Test
  void usesSevGuestWithoutConfigfsTsm() throws Exception {
    Files.createFile(dir.resolve("sev-guest"));
    assertInstanceOf(
        SevGuestReportSource.class,
        AttestationReportSources.detect(dir.resolve("tsm"), dir.resolve("sev-guest")));
  }

  @Test
  void missingSevGuestDeviceGivesAClearError() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> new SevGuestReportSource(dir.resolve("sev-guest")).fetchReport(new byte[64]));
    assertTrue(e.getMessage().contains("no SEV-SNP guest device at"), e.getMessage());
  }

  @Test
  void ioctlOnADeviceThatIsNotSevGuestFailsWithErrno() {
    // Goes through jnr-ffi for real: /dev/null opens, but does not know SNP_GET_REPORT.
    IOException e =
        assertThrows(
            IOException.class,
            () -> new SevGuestReportSource(Path.of("/dev/null")).fetchReport(new byte[64]));
    assertTrue(
        e.getMessage().startsWith("SNP_GET_REPORT on /dev/null failed: errno 25"), e.getMessage());
  }

  @Test
  void missingConfigfsTsmGivesAClearError() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> new ConfigfsTsmReportSource(dir.resolve("tsm")).fetchReport(new byte[64]));
    assertTrue(e.getMessage().contains("configfs-tsm is not available"), e.getMessage());
  }

  @Test
  void configfsEntryWithoutSevProviderIsRefusedAndRemoved() throws Exception {
    // A plain directory stands in for configfs: the entry gets no 'provider' attribute.
    Path root = Files.createDirectory(dir.resolve("tsm"));
    IOException e =
        assertThrows(
            IOException.class, () -> new ConfigfsTsmReportSource(root).fetchReport(new byte[64]));
    assertTrue(e.getMessage().contains("'provider'"), e.getMessage());
    try (var entries = Files.list(root)) {
      assertTrue(entries.findAny().isEmpty(), "the report entry is removed after a failure");
    }
  }
}
