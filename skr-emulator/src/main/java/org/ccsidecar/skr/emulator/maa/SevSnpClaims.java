package org.ccsidecar.skr.emulator.maa;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ccsidecar.skr.emulator.http.Exchanges;
import org.ccsidecar.skr.snp.SnpReport;
import org.ccsidecar.skr.snp.TcbVersion;

/** The claims MAA puts into a SevSnpVm token, under MAA's names, taken from the report. */
final class SevSnpClaims {
  /** Guest policy bit 16: SMT allowed; bit 18: migration agent allowed. */
  private static final long POLICY_SMT = 1L << 16;

  private static final long POLICY_MIGRATE_MA = 1L << 18;
  private static final HexFormat HEX = HexFormat.of();

  private SevSnpClaims() {}

  static Map<String, Object> of(SnpReport report, JsonNode runtimeJson) {
    TcbVersion tcb = report.reportedTcb();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("x-ms-attestation-type", "sevsnpvm");
    claims.put("x-ms-compliance-status", "azure-compliant-uvm");
    if (runtimeJson != null) {
      claims.put("x-ms-runtime", Exchanges.JSON.convertValue(runtimeJson, Map.class));
    }
    claims.put("x-ms-sevsnpvm-authorkeydigest", HEX.formatHex(report.authorKeyDigest()));
    claims.put("x-ms-sevsnpvm-bootloader-svn", tcb.bootLoader());
    claims.put("x-ms-sevsnpvm-familyId", HEX.formatHex(report.familyId()));
    claims.put("x-ms-sevsnpvm-guestsvn", report.guestSvn());
    claims.put("x-ms-sevsnpvm-hostdata", HEX.formatHex(report.hostData()));
    claims.put("x-ms-sevsnpvm-idkeydigest", HEX.formatHex(report.idKeyDigest()));
    claims.put("x-ms-sevsnpvm-imageId", HEX.formatHex(report.imageId()));
    claims.put("x-ms-sevsnpvm-is-debuggable", report.isDebuggable());
    claims.put("x-ms-sevsnpvm-launchmeasurement", HEX.formatHex(report.measurement()));
    claims.put("x-ms-sevsnpvm-microcode-svn", tcb.microcode());
    claims.put("x-ms-sevsnpvm-migration-allowed", (report.policy() & POLICY_MIGRATE_MA) != 0);
    claims.put("x-ms-sevsnpvm-reportdata", HEX.formatHex(report.reportData()));
    claims.put("x-ms-sevsnpvm-reportid", HEX.formatHex(report.reportId()));
    claims.put("x-ms-sevsnpvm-smt-allowed", (report.policy() & POLICY_SMT) != 0);
    claims.put("x-ms-sevsnpvm-snpfw-svn", tcb.snp());
    claims.put("x-ms-sevsnpvm-tee-svn", tcb.tee());
    claims.put("x-ms-sevsnpvm-vmpl", report.vmpl());
    claims.put("x-ms-ver", "1.0");
    return claims;
  }
}
