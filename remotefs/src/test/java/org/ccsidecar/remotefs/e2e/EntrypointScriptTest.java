package org.ccsidecar.remotefs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.ccsidecar.azmount.fuse.MountPoints;
import org.ccsidecar.testkit.Azurite;
import org.ccsidecar.testkit.SystemTests;
import org.ccsidecar.testkit.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/remotefs.sh, the image's entrypoint, run as the container would run it: configuration from
 * EncfsSideCarArgs, LogFile and LogLevel; SIGTERM to the script stops the sidecar.
 */
class EntrypointScriptTest {
  private static final Path SCRIPT = TestData.repoRoot().resolve("docker/remotefs.sh");

  @TempDir Path dir;

  @Test
  void mountsFromTheEnvironmentLogsToLogFileAndStopsOnSigterm() throws Exception {
    SystemTests.requireFuse();
    SystemTests.requireLoopDevices();
    EncryptedImages.requireTools();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path source = Trees.sample(dir.resolve("src"), 7);
    Path image = dir.resolve("models.img");
    EncryptedImages.create(source, image, key, 16);
    try (Azurite azurite = Azurite.start()) {
      String url = BlobUploads.blockBlob(azurite, "images", "models.img", image);
      Path models = dir.resolve("mnt/models");
      Path log = dir.resolve("sidecar.log");
      Map<String, String> env =
          Map.of(
              "EncfsSideCarArgs", new SidecarJson().rawKey(models, url, false, key).base64(),
              "LogFile", log.toString(),
              "LogLevel", "info",
              "REMOTEFS_BIN", RemotefsProcess.launcher(dir, "--allow-raw-key").toString(),
              "AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
      try (RemotefsProcess entrypoint =
          RemotefsProcess.startCommand(dir, env, List.of(SCRIPT.toString()))) {
        entrypoint.awaitReady(90);
        assertEquals(3, Trees.assertSameFiles(source, models));
        assertTrue(Files.readString(log).contains("ready: 1 filesystem(s) mounted"));
        entrypoint.terminate();
        assertEquals(0, entrypoint.awaitExit(10), entrypoint.stderr());
      }
      assertFalse(MountPoints.isMountPoint(dir.resolve("mnt/.filesystem-0")));
      assertFalse(Files.exists(models));
      assertTrue(Files.readString(log).contains("stopped"));
    }
  }

  @Test
  void failedStartWritesZeroAndStaysUpUntilSigterm() throws Exception {
    Map<String, String> env =
        Map.of(
            "EncfsSideCarArgs",
            "this is not base64!",
            "REMOTEFS_BIN",
            RemotefsProcess.launcher(dir).toString());
    try (RemotefsProcess entrypoint =
        RemotefsProcess.startCommand(dir, env, List.of(SCRIPT.toString()))) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.exists(entrypoint.statusFile()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals("0\n", Files.readString(entrypoint.statusFile()));
      Thread.sleep(1000);
      assertTrue(entrypoint.isAlive(), "the container stays up for inspection");
      assertTrue(
          entrypoint.stderr().contains("EncfsSideCarArgs: not valid base64"), entrypoint.stderr());
      entrypoint.terminate();
      assertEquals(0, entrypoint.awaitExit(10), entrypoint.stderr());
    }
  }
}
