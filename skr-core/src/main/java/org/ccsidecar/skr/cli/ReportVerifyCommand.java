package org.ccsidecar.skr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.ccsidecar.skr.snp.AmdCertChain;
import org.ccsidecar.skr.snp.SnpReport;
import org.ccsidecar.skr.snp.SnpReportVerifier;
import org.ccsidecar.skr.snp.SnpVerificationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skr report verify}: checks a report's signature and its AMD certificate chain. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify an SEV-SNP report: its ECDSA P-384 signature by the VCEK, and the chain",
      "VCEK -> ASK -> ARK up to one of AMD's root keys. Prints a summary when it holds."
    })
final class ReportVerifyCommand implements Callable<Integer> {
  private static final int MAX_CERTS_BYTES = 1 << 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--report",
      required = true,
      paramLabel = "FILE",
      description = "the raw 1184-byte report")
  Path report;

  @Option(
      names = "--certs",
      required = true,
      paramLabel = "FILE",
      description = {
        "THIM JSON {vcekCert, tcbm, certificateChain, cacheControl}, its base64",
        "(host-amd-cert-base64), or PEM: VCEK, ASK, ARK in that order"
      })
  Path certs;

  @Override
  public Integer call() throws IOException, SnpVerificationException {
    SnpReport parsed;
    try {
      parsed = SnpReport.parse(InputFiles.read(report, "report", SnpReport.SIZE));
    } catch (IllegalArgumentException e) {
      throw new IOException("report " + report + ": " + e.getMessage(), e);
    }
    AmdCertChain chain;
    try {
      chain = AmdCertChain.parse(InputFiles.read(certs, "certificate file", MAX_CERTS_BYTES));
    } catch (IOException e) {
      throw new IOException("certificates " + certs + ": " + e.getMessage(), e);
    }
    new SnpReportVerifier().verify(parsed, chain);
    print(parsed, chain, spec.commandLine().getOut());
    return 0;
  }

  private static void print(SnpReport r, AmdCertChain chain, PrintWriter out) {
    HexFormat hex = HexFormat.of();
    out.println("verified: report signed by the VCEK; chain " + chain.describe() + " holds");
    out.println("version:      " + r.version());
    out.println("vmpl:         " + r.vmpl());
    out.println("debuggable:   " + r.isDebuggable());
    out.println("host_data:    " + hex.formatHex(r.hostData()));
    out.println("measurement:  " + hex.formatHex(r.measurement()));
    out.println("reported_tcb: " + r.reportedTcb());
    out.println("chip_id:      " + r.chipIdHex().substring(0, 16) + "...");
    out.flush();
  }
}
