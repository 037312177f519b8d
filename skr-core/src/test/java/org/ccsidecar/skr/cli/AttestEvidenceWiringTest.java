package org.ccsidecar.skr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.ccsidecar.skr.snp.SnpReport;
import org.ccsidecar.skr.snp.ThimCerts;
import org.ccsidecar.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code skr attest} sends MAA, run as a separate process so the UVM security context can come
 * from its environment (UVM_SECURITY_CONTEXT_DIR), as it does in a container.
 */
class AttestEvidenceWiringTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicReference<byte[]> received = new AtomicReference<>();
  private static HttpServer maa;

  @TempDir Path dir;

  @BeforeAll
  static void startMaa() throws IOException {
    maa = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    maa.createContext(
        "/",
        exchange -> {
          received.set(exchange.getRequestBody().readAllBytes());
          byte[] answer =
              "{\"token\":\"header.claims.signature\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    maa.start();
  }

  @AfterAll
  static void stopMaa() {
    maa.stop(0);
  }

  @Test
  void fakeAttestationUsesTheUvmSecurityContext() throws Exception {
    byte[] policy = Base64.getDecoder().decode(read("uvm_security_policy.base64").trim());
    byte[] thimJson = Files.readAllBytes(TestData.snp("uvm_host_amd_certificate.json"));
    byte[] referenceInfo = Files.readAllBytes(TestData.snp("body.uvm_reference_info.bin"));
    Path context = Files.createDirectory(dir.resolve("security-context"));
    Files.writeString(
        context.resolve("security-policy-base64"), read("uvm_security_policy.base64"));
    Files.writeString(
        context.resolve("host-amd-cert-base64"), Base64.getEncoder().encodeToString(thimJson));
    Files.writeString(
        context.resolve("reference-info-base64"),
        Base64.getEncoder().encodeToString(referenceInfo));

    Result r = skr(context, "attest", "--maa", maaUrl(), "--fake-attestation");

    assertEquals(0, r.exit(), r.err());
    assertEquals("header.claims.signature", r.out().strip());
    JsonNode body = JSON.readTree(received.get());
    JsonNode report = JSON.readTree(decode(body.get("report").asText()));
    SnpReport snp = SnpReport.parse(decode(report.get("SnpReport").asText()));
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(policy), snp.hostData());
    byte[] runtimeData = decode(body.at("/runtimeData/data").asText());
    assertArrayEquals(
        MessageDigest.getInstance("SHA-256").digest(runtimeData),
        Arrays.copyOf(snp.reportData(), 32));
    assertArrayEquals(
        ThimCerts.parseJson(thimJson).concatenatedPem(),
        decode(report.get("VcekCertChain").asText()));
    JsonNode endorsements = JSON.readTree(decode(report.get("Endorsements").asText()));
    assertArrayEquals(referenceInfo, decode(endorsements.at("/Uvm/0").asText()));
  }

  @Test
  void withoutFakeAttestationThereIsNoSilentFallback() throws Exception {
    received.set(null);
    Result r = skr(dir, "attest", "--maa", maaUrl());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("no SEV-SNP attestation interface"), r.err());
    assertFalse(r.err().contains("FAKE"), r.err());
    assertNull(received.get(), "nothing was sent to MAA");
  }

  private record Result(int exit, String out, String err) {}

  private Result skr(Path contextDir, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SkrCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("UVM_SECURITY_CONTEXT_DIR", contextDir.toString());
    builder.redirectOutput(dir.resolve("out.txt").toFile());
    builder.redirectError(dir.resolve("err.txt").toFile());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("skr did not finish within 120 s");
    }
    return new Result(
        process.exitValue(),
        Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  private static String maaUrl() {
    return "http://127.0.0.1:" + maa.getAddress().getPort();
  }

  private static String read(String name) throws IOException {
    return Files.readString(TestData.snp(name));
  }

  private static byte[] decode(String base64Url) {
    return Base64.getUrlDecoder().decode(base64Url);
  }
}
