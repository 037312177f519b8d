package org.ccsidecar.skr.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ccsidecar.skr.cli.SkrCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's "done when": {@code skr release} against {@code skr emulator} with a fake report yields
 * the key {@code skr import-key --out} wrote. The emulator and the release run as their own
 * processes (the release finds its bearer token through azure-identity's ManagedIdentityCredential
 * pointed at the emulator's IMDS); import-key runs in-process through picocli.
 */
class SkrCliEndToEndTest {
  @TempDir static Path work;
  static Process emulator;
  static JsonNode endpoints;

  @BeforeAll
  static void startEmulator() throws Exception {
    Path stateDir = work.resolve("state");
    emulator =
        java(
                "org.ccsidecar.skr.emulator.EmulatorMain",
                "--port",
                "0",
                "--state-dir",
                stateDir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertNotNull(line, "the emulator printed nothing");
    endpoints = EmulatorFixture.JSON.readTree(line);
    assertEquals(
        endpoints, EmulatorFixture.JSON.readTree(stateDir.resolve("endpoints.json").toFile()));
  }

  @AfterAll
  static void stopEmulator() throws Exception {
    emulator.destroy();
    assertTrue(emulator.waitFor(30, TimeUnit.SECONDS), "the emulator did not stop on SIGTERM");
  }

  @Test
  void releaseYieldsTheKeyImportKeyWroteForOctHsm() throws Exception {
    roundTrip("oct-HSM", Map.of());
  }

  @Test
  void releaseYieldsTheDerivedKeyImportKeyWroteForRsaHsm() throws Exception {
    roundTrip("RSA-HSM", Map.of("salt", "a1b2c3d4e5f60718293a4b5c6d7e8f90", "label", "e2e label"));
  }

  private static void roundTrip(String kty, Map<String, String> derivation) throws Exception {
    Path dir = Files.createTempDirectory(work, kty);
    byte[] policy = ("package policy # " + kty + "\n").getBytes(StandardCharsets.UTF_8);
    Path policyFile = Files.write(dir.resolve("policy.rego"), policy);
    String ca = endpoints.get("ca_file").asText();

    Path importConfig = dir.resolve("importkeyconfig.json");
    Files.write(importConfig, config(kty, policy, derivation, vaultToken()));
    Path keyFile = dir.resolve("keyfile.bin");
    int imported =
        SkrCli.commandLine()
            .execute(
                "import-key",
                "--config",
                importConfig.toString(),
                "--out",
                keyFile.toString(),
                "--ca-file",
                ca);
    assertEquals(0, imported, "skr import-key failed");

    Path releaseConfig = dir.resolve("keyconfig.json");
    Files.write(releaseConfig, config(kty, policy, derivation, null));
    Path released = dir.resolve("released.bin");
    ProcessBuilder release =
        java(
                "org.ccsidecar.skr.cli.SkrCli",
                "release",
                "--key-config",
                releaseConfig.toString(),
                "--fake-attestation",
                "--policy",
                policyFile.toString(),
                "--ca-file",
                ca,
                "--out",
                released.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("release.log").toFile());
    release.environment().put("AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoints.get("imds").asText());
    Process process = release.start();
    boolean finished = process.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(dir.resolve("release.log"));
    assertTrue(finished, "skr release did not finish:\n" + output);
    assertEquals(0, process.exitValue(), "skr release failed:\n" + output);

    byte[] expected = Files.readAllBytes(keyFile);
    assertEquals(32, expected.length);
    assertArrayEquals(expected, Files.readAllBytes(released));
  }

  /** The importkey configuration schema, also read by skr release. */
  private static byte[] config(
      String kty, byte[] policy, Map<String, String> derivation, String bearer) throws Exception {
    Map<String, Object> akv = new LinkedHashMap<>();
    akv.put("endpoint", URI.create(endpoints.get("vault").asText()).getAuthority());
    akv.put("api_version", "api-version=7.4");
    if (bearer != null) {
      akv.put("bearer_token", bearer);
    }
    String hostData = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(policy));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(
        "key",
        Map.of(
            "kid",
            "e2e-" + kty.toLowerCase(),
            "kty",
            kty,
            "authority",
            Map.of("endpoint", URI.create(endpoints.get("maa").asText()).getAuthority()),
            "akv",
            akv));
    config.put("key_derivation", derivation);
    config.put(
        "claims",
        List.of(
            List.of(
                Map.of("claim", "x-ms-sevsnpvm-hostdata", "equals", hostData),
                Map.of("claim", "x-ms-compliance-status", "equals", "azure-compliant-uvm"),
                Map.of("claim", "x-ms-sevsnpvm-is-debuggable", "equals", "false"),
                Map.of("claim", "x-ms-sevsnpvm-vmpl", "equals", "0"))));
    return EmulatorFixture.JSON.writeValueAsBytes(config);
  }

  private static String vaultToken() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            endpoints.get("imds").asText()
                                + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                                + URLEncoder.encode(
                                    "https://vault.azure.net", StandardCharsets.UTF_8)))
                    .header("Metadata", "true")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return EmulatorFixture.JSON.readTree(response.body()).get("access_token").asText();
  }

  static ProcessBuilder java(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("AZURE_POD_IDENTITY_AUTHORITY_HOST");
    builder.environment().remove("SKR_CA_FILE");
    return builder;
  }
}
