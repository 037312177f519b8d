package org.ccsidecar.remotefs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ccsidecar.azmount.fuse.MountPoints;
import org.ccsidecar.skr.emulator.EmulatorServer;
import org.ccsidecar.skr.emulator.Endpoints;
import org.ccsidecar.skr.net.HttpClients;
import org.ccsidecar.skr.net.TlsTrust;
import org.ccsidecar.skr.release.ImportKeyConfig;
import org.ccsidecar.skr.release.KeyImporter;
import org.ccsidecar.skr.release.VaultCredentials;
import org.ccsidecar.testkit.Azurite;
import org.ccsidecar.testkit.SystemTests;
import org.ccsidecar.testkit.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's flow as a test: a key imported into the emulator's vault with a release policy bound
 * to the fake report's HOST_DATA, an image encrypted with it in Azurite, remotefs with
 * --fake-attestation releasing the key and mounting; and a key whose policy wants another
 * HOST_DATA, which remotefs must fail to release, mounting nothing.
 */
class KeyReleaseEndToEndTest {
  private static final Path POLICY =
      TestData.repoRoot().resolve("examples/local/security-policy.rego");

  private static Azurite azurite;
  private static EmulatorServer emulator;
  private static Path source;
  private static String imageUrl;

  @TempDir static Path shared;
  @TempDir Path dir;

  @BeforeAll
  static void keyImageAndServices() throws Exception {
    SystemTests.requireFuse();
    SystemTests.requireLoopDevices();
    EncryptedImages.requireTools();
    azurite = Azurite.start();
    emulator = EmulatorServer.start(0, shared.resolve("emulator"));
    byte[] key = importKey("models-key", hostData(Files.readAllBytes(POLICY)));
    source = Trees.sample(shared.resolve("src"), 3);
    Path image = shared.resolve("models.img");
    EncryptedImages.create(source, image, key, 16);
    imageUrl = BlobUploads.blockBlob(azurite, "images", "models.img", image);
    // A second key whose release policy wants a HOST_DATA this container does not have.
    importKey("other-policy-key", hostData("another policy".getBytes(StandardCharsets.UTF_8)));
  }

  @AfterAll
  static void stop() {
    if (emulator != null) {
      emulator.close();
    }
    if (azurite != null) {
      azurite.close();
    }
  }

  private static Endpoints endpoints() {
    return emulator.endpoints();
  }

  private static String hostData(byte[] policy) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(policy));
  }

  /** Imports an oct-HSM key released only to HOST_DATA = {@code hostData}; returns its bytes. */
  private static byte[] importKey(String name, String hostData) throws Exception {
    String config =
        "{'key':{'kid':'"
            + name
            + "','kty':'oct-HSM','authority':{'endpoint':'"
            + endpoints().maa()
            + "'},'akv':{'endpoint':'"
            + endpoints().vault()
            + "'}},'claims':[[{'claim':'x-ms-sevsnpvm-hostdata','equals':'"
            + hostData
            + "'},{'claim':'x-ms-sevsnpvm-vmpl','equals':'0'}]]}";
    TlsTrust trust = TlsTrust.withExtraCaFile(Path.of(endpoints().caFile()));
    try (KeyImporter.Result result =
        new KeyImporter(HttpClients.azure(trust))
            .importKey(
                ImportKeyConfig.parse(
                    config.replace('\'', '"').getBytes(StandardCharsets.UTF_8), name),
                vaultToken())) {
      return result.filesystemKey().clone();
    }
  }

  /** A vault token from the emulator's IMDS, as a managed identity would get it. */
  private static TokenCredential vaultToken() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            endpoints().imds()
                                + "/metadata/identity/oauth2/token?api-version=2018-02-01"
                                + "&resource=https://vault.azure.net"))
                    .header("Metadata", "true")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return VaultCredentials.staticToken(
        new ObjectMapper().readTree(response.body()).get("access_token").asText());
  }

  private Map<String, String> env() throws Exception {
    return Map.of(
        "AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString(),
        "SKR_CA_FILE", endpoints().caFile(),
        "AZURE_POD_IDENTITY_AUTHORITY_HOST", endpoints().imds(),
        "UVM_SECURITY_POLICY", Base64.getEncoder().encodeToString(Files.readAllBytes(POLICY)));
  }

  private String config(String kid) {
    return new SidecarJson()
        .released(
            dir.resolve("mnt/models"), imageUrl, false, kid, endpoints().maa(), endpoints().vault())
        .base64();
  }

  @Test
  void releasedKeyMountsTheModelRepository() throws Exception {
    Path models = dir.resolve("mnt/models");
    try (RemotefsProcess remotefs =
        RemotefsProcess.start(dir, env(), "--base64", config("models-key"), "--fake-attestation")) {
      remotefs.awaitReady(120);
      assertEquals(3, Trees.assertSameFiles(source, models));
      // Bearer and MAA tokens are JWTs ("eyJ..."): none may reach the log.
      assertFalse(remotefs.stderr().contains("eyJ"), remotefs.stderr());
      remotefs.terminate();
      assertEquals(0, remotefs.awaitExit(10), remotefs.stderr());
    }
    assertFalse(Files.exists(models, LinkOption.NOFOLLOW_LINKS));
    assertFalse(MountPoints.isMountPoint(dir.resolve("mnt/.filesystem-0")));
  }

  @Test
  void refusedReleaseFailsWithTheReasonAndMountsNothing() throws Exception {
    try (RemotefsProcess remotefs =
        RemotefsProcess.start(
            dir, env(), "--base64", config("other-policy-key"), "--fake-attestation")) {
      assertEquals(1, remotefs.awaitExit(120), remotefs.stderr());
      List<String> lines = remotefs.stderr().lines().toList();
      String last = lines.get(lines.size() - 1);
      assertTrue(
          last.startsWith(
              "azure_filesystems[0] ("
                  + dir.resolve("mnt/models")
                  + "): key release of other-policy-key failed: "),
          last);
      assertTrue(last.contains("x-ms-sevsnpvm-hostdata"), last);
      assertFalse(remotefs.stderr().contains("\tat "), remotefs.stderr());
      assertEquals("0\n", Files.readString(remotefs.statusFile()));
    }
    assertFalse(Files.exists(dir.resolve("mnt"), LinkOption.NOFOLLOW_LINKS));
  }
}
