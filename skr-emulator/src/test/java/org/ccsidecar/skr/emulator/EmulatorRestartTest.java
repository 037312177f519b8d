package org.ccsidecar.skr.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorRestartTest {
  static final byte[] POLICY = "restart policy".getBytes(StandardCharsets.UTF_8);
  @TempDir Path stateDir;

  @Test
  void aRestartKeepsTheCaAndTheKeys() throws Exception {
    String caPem;
    String version;
    byte[] secret;
    int port;
    try (EmulatorFixture first = new EmulatorFixture(stateDir)) {
      secret = KeyVaultEmulatorTest.importInto(first, "kept", POLICY);
      version = first.keyClient().getKey("kept").getProperties().getVersion();
      caPem = Files.readString(Path.of(first.endpoints.caFile()));
      port = java.net.URI.create(first.endpoints.vault()).getPort();
    }
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(stateDir.resolve("keys.json")));
    // same port: release policies name the MAA by URL, port included
    try (EmulatorFixture second = new EmulatorFixture(stateDir, port)) {
      assertEquals(caPem, Files.readString(Path.of(second.endpoints.caFile())));
      assertEquals(second.endpoints, Endpoints.read(stateDir));
      KeyVaultKey kept = second.keyClient().getKey("kept");
      assertEquals(version, kept.getProperties().getVersion());
      AttestingClient client = new AttestingClient();
      String jws =
          second
              .keyClient()
              .releaseKey("kept", version, client.tokenForPolicy(second, POLICY))
              .getValue();
      assertArrayEquals(secret, client.unwrapRelease(jws, second.caCertificate()));
    }
  }
}
