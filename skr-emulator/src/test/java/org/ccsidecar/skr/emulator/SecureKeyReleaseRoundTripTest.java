package org.ccsidecar.skr.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ccsidecar.skr.attest.FakeReportSource;
import org.ccsidecar.skr.maa.ReportEvidenceSource;
import org.ccsidecar.skr.net.HttpClients;
import org.ccsidecar.skr.net.TlsTrust;
import org.ccsidecar.skr.release.ImportKeyConfig;
import org.ccsidecar.skr.release.KeyImporter;
import org.ccsidecar.skr.release.ReleaseRefusedException;
import org.ccsidecar.skr.release.ReleaseResponseVerifier;
import org.ccsidecar.skr.release.SecureKeyRelease;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 item 8: the project's own import and release code (skr-core) against the emulator, as the
 * sidecar would run it, with a fake report.
 */
class SecureKeyReleaseRoundTripTest {
  static final byte[] POLICY =
      "package policy\napi_version := \"0.10.0\"\n".getBytes(StandardCharsets.UTF_8);
  static EmulatorFixture emulator;
  static TlsTrust trust;

  @BeforeAll
  static void start() throws Exception {
    emulator = EmulatorFixture.shared("main");
    trust = TlsTrust.withExtraCaFile(Path.of(emulator.endpoints.caFile()));
  }

  static ImportKeyConfig config(
      String kty, Map<String, String> derivation, String... claimOverrides) throws Exception {
    String hostData = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(POLICY));
    Map<String, String> claims = new java.util.LinkedHashMap<>();
    claims.put("x-ms-sevsnpvm-hostdata", hostData);
    claims.put("x-ms-compliance-status", "azure-compliant-uvm");
    claims.put("x-ms-sevsnpvm-is-debuggable", "false");
    claims.put("x-ms-sevsnpvm-vmpl", "0");
    for (int i = 0; i < claimOverrides.length; i += 2) {
      claims.put(claimOverrides[i], claimOverrides[i + 1]);
    }
    Map<String, Object> key =
        Map.of(
            "kid",
            kty.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8),
            "kty",
            kty,
            "authority",
            Map.of("endpoint", URI.create(emulator.endpoints.maa()).getAuthority()),
            "akv",
            Map.of("endpoint", emulator.endpoints.vault(), "api_version", "api-version=7.4"));
    Map<String, Object> config = new java.util.LinkedHashMap<>();
    config.put("key", key);
    config.put("key_derivation", derivation);
    config.put(
        "claims",
        List.of(
            claims.entrySet().stream()
                .map(e -> Map.of("claim", e.getKey(), "equals", e.getValue()))
                .toList()));
    return ImportKeyConfig.parse(EmulatorFixture.JSON.writeValueAsBytes(config), "test config");
  }

  static SecureKeyRelease release(byte[] policy) {
    return SecureKeyRelease.builder()
        .evidenceSource(new ReportEvidenceSource(new FakeReportSource(policy), null, null))
        .trust(trust)
        .credential(emulator.imdsCredential())
        .build();
  }

  static KeyImporter.Result importKey(ImportKeyConfig config) throws IOException {
    return new KeyImporter(HttpClients.azure(trust)).importKey(config, emulator.imdsCredential());
  }

  @Test
  void octHsmKeyComesBackAsImported() throws Exception {
    ImportKeyConfig config = config("oct-HSM", Map.of());
    try (KeyImporter.Result imported = importKey(config)) {
      byte[] released = release(POLICY).release(config.key(), config.keyDerivation());
      assertEquals(32, released.length);
      assertArrayEquals(imported.filesystemKey(), released);
    }
  }

  @Test
  void rsaHsmKeyDerivesTheSameFilesystemKey() throws Exception {
    ImportKeyConfig config =
        config(
            "RSA-HSM",
            Map.of("salt", "00112233445566778899aabbccddeeff", "label", "model-weights"));
    try (KeyImporter.Result imported = importKey(config)) {
      assertTrue(imported.isDerived());
      byte[] released = release(POLICY).release(config.key(), imported.derivation());
      assertArrayEquals(imported.filesystemKey(), released);
    }
  }

  @Test
  void aPolicyThatDoesNotMatchIsRefusedNamingTheClaim() throws Exception {
    ImportKeyConfig config = config("oct-HSM", Map.of(), "x-ms-sevsnpvm-vmpl", "1");
    try (KeyImporter.Result imported = importKey(config)) {
      Exception refused =
          assertThrows(
              Exception.class, () -> release(POLICY).release(config.key(), config.keyDerivation()));
      assertTrue(refused.getMessage().contains("x-ms-sevsnpvm-vmpl"), refused.getMessage());
    }
    ImportKeyConfig hostData = config("oct-HSM", Map.of());
    try (KeyImporter.Result imported = importKey(hostData)) {
      byte[] otherPolicy = "a different policy".getBytes(StandardCharsets.UTF_8);
      Exception refused =
          assertThrows(
              Exception.class,
              () -> release(otherPolicy).release(hostData.key(), hostData.keyDerivation()));
      assertTrue(refused.getMessage().contains("x-ms-sevsnpvm-hostdata"), refused.getMessage());
    }
  }

  @Test
  void theClientRefusesATamperedOrWronglyChainedRelease() throws Exception {
    AttestingClient client = new AttestingClient();
    String name = "jws-" + UUID.randomUUID().toString().substring(0, 8);
    KeyVaultEmulatorTest.importInto(emulator, name, POLICY);
    String jws =
        emulator
            .keyClient()
            .releaseKey(name, null, client.tokenForPolicy(emulator, POLICY))
            .getValue();
    ReleaseResponseVerifier verifier = new ReleaseResponseVerifier(trust);
    assertTrue(verifier.verify(jws, "127.0.0.1").contains("key_hsm"));

    String[] parts = jws.split("\\.");
    String payload = Base64URL.from(parts[1]).decodeToString().replace("\"oct-HSM\"", "\"oct\"");
    String tampered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
    assertThrows(ReleaseRefusedException.class, () -> verifier.verify(tampered, "127.0.0.1"));

    assertThrows(ReleaseRefusedException.class, () -> verifier.verify(jws, "vault.example.com"));

    EmulatorFixture other = EmulatorFixture.shared("other");
    KeyVaultEmulatorTest.importInto(other, name, POLICY);
    String foreign =
        other.keyClient().releaseKey(name, null, client.tokenForPolicy(other, POLICY)).getValue();
    ReleaseRefusedException refused =
        assertThrows(ReleaseRefusedException.class, () -> verifier.verify(foreign, "127.0.0.1"));
    assertTrue(
        refused.getMessage().toLowerCase().contains("trust")
            || refused.getMessage().contains("chain"),
        refused.getMessage());
  }
}
