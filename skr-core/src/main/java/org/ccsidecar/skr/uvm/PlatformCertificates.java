package org.ccsidecar.skr.uvm;

import java.io.IOException;
import java.util.Optional;
import org.ccsidecar.skr.attest.AttestationReportSource;
import org.ccsidecar.skr.snp.SnpReport;
import org.ccsidecar.skr.snp.TcbVersion;
import org.ccsidecar.skr.snp.ThimCerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VCEK chain that goes with this platform's reports, kept in step with the TCB the reports
 * carry. As in the Go sidecar: when a report's REPORTED_TCB differs from the chain's TCB, fetch a
 * fresh chain; if they still differ, fetch a new report (the firmware may just have been updated)
 * and a chain for it; if they still differ, fail. Unlike the Go code, a refreshed chain replaces
 * the host's for later reports, and with no host certificates the first report's chip and TCB
 * select the chain to fetch.
 */
public final class PlatformCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformCertificates.class);

  /** A report and the PEM chain (VCEK, ASK, ARK) whose VCEK matches its TCB. */
  public record ReportAndCerts(byte[] report, byte[] vcekCertChain) {}

  private final CertChainFetcher fetcher;
  private byte[] chainPem;
  private Optional<TcbVersion> chainTcb;

  /**
   * @param hostCerts the host's certificates from the UVM security context (may be absent)
   * @param fetcher where fresh chains come from
   */
  public PlatformCertificates(ThimCerts hostCerts, CertChainFetcher fetcher) {
    this.fetcher = fetcher;
    if (hostCerts == null || hostCerts.absent()) {
      this.chainPem = new byte[0];
      this.chainTcb = Optional.empty();
    } else {
      this.chainPem = hostCerts.concatenatedPem();
      this.chainTcb = hostCerts.tcbm().isEmpty() ? Optional.empty() : Optional.of(hostCerts.tcb());
    }
  }

  /** Fetches a report for {@code reportData64} together with a chain that matches its TCB. */
  public synchronized ReportAndCerts fetchReport(
      AttestationReportSource source, byte[] reportData64) throws IOException {
    byte[] raw = source.fetchReport(reportData64);
    SnpReport report = parse(raw, source);
    if (matches(report)) {
      return new ReportAndCerts(raw, chainPem.clone());
    }
    LOG.info(
        "report TCB {} differs from the certificate TCB {}: refreshing the certificate chain",
        report.reportedTcb().toHex(),
        describeChainTcb());
    refresh(report);
    if (!matches(report)) {
      LOG.info("TCBs still differ: fetching a new report and refreshing the chain again");
      raw = source.fetchReport(reportData64);
      report = parse(raw, source);
      refresh(report);
      if (!matches(report)) {
        throw new IOException(
            "the SNP report's TCB "
                + report.reportedTcb().toHex()
                + " does not match the certificate chain's TCB "
                + describeChainTcb()
                + " from "
                + "the certificate cache");
      }
    }
    return new ReportAndCerts(raw, chainPem.clone());
  }

  private void refresh(SnpReport report) throws IOException {
    FetchedCertChain fetched;
    try {
      fetched = fetcher.fetch(report.chipIdHex(), report.reportedTcb());
    } catch (IOException e) {
      throw new IOException("refreshing the VCEK certificate chain failed: " + e.getMessage(), e);
    }
    chainPem = fetched.pem();
    chainTcb = Optional.of(fetched.tcb());
  }

  private boolean matches(SnpReport report) {
    return chainTcb.isPresent() && chainTcb.get().raw() == report.reportedTcb().raw();
  }

  private String describeChainTcb() {
    return chainTcb.map(TcbVersion::toHex).orElse("(none)");
  }

  private static SnpReport parse(byte[] raw, AttestationReportSource source) throws IOException {
    try {
      return SnpReport.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new IOException("report from " + source.name() + ": " + e.getMessage(), e);
    }
  }
}
