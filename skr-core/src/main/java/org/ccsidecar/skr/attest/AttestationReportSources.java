package org.ccsidecar.skr.attest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the hardware report source: configfs-tsm when the kernel offers it, else the sev-guest
 * ioctl. Never falls back to a fake report; that takes an explicit {@link #fake(byte[])}.
 */
public final class AttestationReportSources {
  private static final Logger LOG = LoggerFactory.getLogger(AttestationReportSources.class);

  private AttestationReportSources() {}

  public static AttestationReportSource detect() throws IOException {
    return detect(ConfigfsTsmReportSource.DEFAULT_ROOT, SevGuestReportSource.DEFAULT_DEVICE);
  }

  static AttestationReportSource detect(Path configfsTsmRoot, Path sevGuestDevice)
      throws IOException {
    ConfigfsTsmReportSource tsm = new ConfigfsTsmReportSource(configfsTsmRoot);
    if (tsm.available()) {
      LOG.info("attestation reports from configfs-tsm ({})", configfsTsmRoot);
      return tsm;
    }
    if (Files.exists(sevGuestDevice)) {
      LOG.info("attestation reports from the SNP_GET_REPORT ioctl on {}", sevGuestDevice);
      return new SevGuestReportSource(sevGuestDevice);
    }
    throw new IOException(
        "no SEV-SNP attestation interface: neither "
            + configfsTsmRoot
            + " (configfs-tsm) nor "
            + sevGuestDevice
            + " exists; run inside an SEV-SNP confidential VM or container, or request fake"
            + " attestation explicitly for local testing");
  }

  /** The explicit, insecure fake source (see {@link FakeReportSource}). */
  public static AttestationReportSource fake(byte[] securityPolicyBytes) {
    return new FakeReportSource(securityPolicyBytes);
  }
}
