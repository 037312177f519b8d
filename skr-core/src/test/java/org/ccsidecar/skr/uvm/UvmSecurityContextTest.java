package org.ccsidecar.skr.uvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.ccsidecar.skr.snp.SnpTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UvmSecurityContextTest {
  @TempDir Path root;

  private static final String POLICY_B64 =
      new String(SnpTestData.read("uvm_security_policy.base64")).strip();
  private static final String CERT_B64 = Base64.getEncoder().encodeToString(SnpTestData.thimJson());
  private static final String REFERENCE_B64 =
      Base64.getEncoder().encodeToString(SnpTestData.read("body.uvm_reference_info.bin"));

  private static Path writeContext(Path dir, String policy, String cert, String reference)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("security-policy-base64"), policy);
    Files.writeString(dir.resolve("host-amd-cert-base64"), cert);
    Files.writeString(dir.resolve("reference-info-base64"), reference);
    return dir;
  }

  @Test
  void readsTheSecurityContextDirectoryAtTheRoot() throws Exception {
    writeContext(root.resolve("security-context-1234"), POLICY_B64, CERT_B64, REFERENCE_B64 + "\n");

    UvmSecurityContext ctx = UvmSecurityContext.load(Map.of(), root);

    assertEquals(POLICY_B64, ctx.encodedSecurityPolicy());
    assertArrayEquals(Base64.getDecoder().decode(POLICY_B64), ctx.securityPolicy());
    assertEquals("7308000000000003", ctx.hostAmdCerts().tcbm());
    assertTrue(ctx.hostAmdCerts().vcekCert().startsWith("-----BEGIN CERTIFICATE-----"));
    assertArrayEquals(SnpTestData.read("body.uvm_reference_info.bin"), ctx.referenceInfo());
  }

  @Test
  void environmentVariableNamesTheDirectory() throws Exception {
    Path dir = writeContext(root.resolve("elsewhere"), POLICY_B64, "", REFERENCE_B64);
    writeContext(root.resolve("security-context-x"), "b3RoZXI=", "", "b3RoZXI=");

    UvmSecurityContext ctx =
        UvmSecurityContext.load(Map.of("UVM_SECURITY_CONTEXT_DIR", dir.toString()), root);

    assertEquals(POLICY_B64, ctx.encodedSecurityPolicy());
    assertTrue(ctx.hostAmdCerts().absent());
  }

  @Test
  void legacyEnvironmentVariablesWhenThereIsNoDirectory() throws Exception {
    Map<String, String> env =
        Map.of(
            "UVM_SECURITY_POLICY", POLICY_B64,
            "UVM_HOST_AMD_CERTIFICATE", CERT_B64,
            "UVM_REFERENCE_INFO", REFERENCE_B64);

    UvmSecurityContext ctx = UvmSecurityContext.load(env, root);

    assertEquals(POLICY_B64, ctx.encodedSecurityPolicy());
    assertEquals("7308000000000003", ctx.hostAmdCerts().tcb().toHex());
    assertArrayEquals(SnpTestData.read("body.uvm_reference_info.bin"), ctx.referenceInfo());
  }

  @Test
  void directoryWithoutReferenceInfoFallsBackToTheEnvironment() throws Exception {
    writeContext(root.resolve("security-context-1"), "ZmlsZXM=", "", "");
    UvmSecurityContext ctx =
        UvmSecurityContext.load(
            Map.of("UVM_SECURITY_POLICY", POLICY_B64, "UVM_REFERENCE_INFO", REFERENCE_B64), root);
    assertEquals(POLICY_B64, ctx.encodedSecurityPolicy());
  }

  @Test
  void aBrokenHostCertificateFileIsAnErrorNotAFallback() throws Exception {
    writeContext(root.resolve("security-context-1"), POLICY_B64, "e30K!!!", REFERENCE_B64);
    IOException e =
        assertThrows(
            IOException.class,
            () -> UvmSecurityContext.load(Map.of("UVM_REFERENCE_INFO", REFERENCE_B64), root));
    assertTrue(e.getMessage().contains("host-amd-cert-base64"), e.getMessage());
  }

  @Test
  void nothingAnywhereGivesAnEmptyContext() throws Exception {
    UvmSecurityContext ctx = UvmSecurityContext.load(Map.of(), root);
    assertEquals("", ctx.encodedSecurityPolicy());
    assertTrue(ctx.hostAmdCerts().absent());
    assertEquals(0, ctx.referenceInfo().length);
  }

  @Test
  void malformedHostCertificateIsAnError() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                UvmSecurityContext.load(
                    Map.of(
                        "UVM_HOST_AMD_CERTIFICATE", "not base64 !!", "UVM_REFERENCE_INFO", "eA=="),
                    root));
    assertTrue(e.getMessage().contains("UVM_HOST_AMD_CERTIFICATE"), e.getMessage());
    IOException json =
        assertThrows(
            IOException.class,
            () ->
                UvmSecurityContext.fromEnvironment(
                    Map.of(
                        "UVM_HOST_AMD_CERTIFICATE",
                        Base64.getEncoder().encodeToString("[1,".getBytes()))));
    assertTrue(json.getMessage().contains("THIM"), json.getMessage());
  }
}
