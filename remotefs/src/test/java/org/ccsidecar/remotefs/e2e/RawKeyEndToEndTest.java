package org.ccsidecar.remotefs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ccsidecar.azmount.fuse.MountPoints;
import org.ccsidecar.testkit.Azurite;
import org.ccsidecar.testkit.SystemTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sidecar against real parts, with keys given as raw_key (--allow-raw-key): Azurite
 * blobs, the userspace LUKS engine, kernel FUSE, loop devices and ext4, in a separate JVM that is
 * stopped with SIGTERM.
 */
class RawKeyEndToEndTest {
  private static final byte[] RO_KEY = randomKey();
  private static final byte[] RW_KEY = randomKey();
  private static Azurite azurite;
  private static Path roSource;
  private static String roUrl;
  private static Path rwImage;
  private static int pageBlobs;

  @TempDir static Path shared;
  @TempDir Path dir;

  @BeforeAll
  static void imagesInAzurite() throws Exception {
    SystemTests.requireFuse();
    SystemTests.requireLoopDevices();
    EncryptedImages.requireTools();
    azurite = Azurite.start();
    roSource = Trees.sample(shared.resolve("ro-src"), 1);
    Path roImage = shared.resolve("ro.img");
    EncryptedImages.create(roSource, roImage, RO_KEY, 16);
    roUrl = BlobUploads.blockBlob(azurite, "images", "ro.img", roImage);
    Path rwSource = Files.createDirectories(shared.resolve("rw-src"));
    Files.writeString(rwSource.resolve("existing.txt"), "was here before\n");
    rwImage = shared.resolve("rw.img");
    EncryptedImages.create(rwSource, rwImage, RW_KEY, 16);
  }

  @AfterAll
  static void stopAzurite() {
    if (azurite != null) {
      azurite.close();
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /** A fresh page blob per test: read-write mounts lease and change it. */
  private static String freshPageBlob() throws IOException {
    return BlobUploads.pageBlob(azurite, "images", "rw-" + (pageBlobs++) + ".img", rwImage);
  }

  private Map<String, String> env() {
    return Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
  }

  @Test
  void blockBlobReadOnlyAndPageBlobReadWriteTogetherAndWritesSurviveRestart() throws Exception {
    Path mnt = dir.resolve("mnt");
    Path models = mnt.resolve("models");
    Path data = mnt.resolve("data");
    String config =
        new SidecarJson()
            .rawKey(models, roUrl, false, RO_KEY)
            .rawKey(data, freshPageBlob(), true, RW_KEY)
            .base64();

    Map<String, String> env = new java.util.HashMap<>(env());
    env.put("EncfsSideCarArgs", config);
    try (RemotefsProcess remotefs = RemotefsProcess.start(dir, env, "--allow-raw-key")) {
      remotefs.awaitReady(90);
      assertEquals(Path.of(".filesystem-0"), Files.readSymbolicLink(models));
      assertEquals(Path.of(".filesystem-1"), Files.readSymbolicLink(data));
      assertTrue(MountPoints.isMountPoint(mnt.resolve(".filesystem-0")));
      assertTrue(MountPoints.isMountPoint(mnt.resolve(".filesystem-1")));
      assertEquals(3, Trees.assertSameFiles(roSource, models));
      assertThrows(IOException.class, () -> Files.writeString(models.resolve("x"), "no"));
      assertEquals("was here before\n", Files.readString(data.resolve("existing.txt")));
      Files.writeString(data.resolve("written.txt"), "written through the sidecar\n");

      remotefs.terminate();
      assertEquals(0, remotefs.awaitExit(10), remotefs.stderr());
    }
    assertNothingLeft(mnt);

    Path configFile = Files.writeString(dir.resolve("config.json"), decode(config));
    try (RemotefsProcess again =
        RemotefsProcess.start(dir, env(), "--config", configFile.toString(), "--allow-raw-key")) {
      again.awaitReady(90);
      assertEquals("written through the sidecar\n", Files.readString(data.resolve("written.txt")));
      again.terminate();
      assertEquals(0, again.awaitExit(10), again.stderr());
    }
    assertNothingLeft(mnt);
  }

  @Test
  void sigtermWithAFileHeldOpenStillStopsWithinTenSecondsAndLeavesNoMount() throws Exception {
    Path mnt = dir.resolve("mnt");
    Path models = mnt.resolve("models");
    String config = new SidecarJson().rawKey(models, roUrl, false, RO_KEY).base64();
    try (RemotefsProcess remotefs =
        RemotefsProcess.start(dir, env(), "--base64", config, "--allow-raw-key")) {
      remotefs.awaitReady(90);
      Process holder =
          new ProcessBuilder("tail", "-f", models.resolve("model/config.pbtxt").toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      try {
        Thread.sleep(300); // let tail open the file
        assertTrue(holder.isAlive());
        long start = System.nanoTime();
        remotefs.terminate();
        assertEquals(0, remotefs.awaitExit(10), remotefs.stderr());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "stopped after " + millis + " ms");
        assertFalse(MountPoints.isMountPoint(mnt.resolve(".filesystem-0")));
      } finally {
        holder.destroyForcibly().waitFor();
      }
    }
    assertNothingLeft(mnt);
  }

  @Test
  void oneFailingFilesystemFailsTheStartAndUndoesTheOthers() throws Exception {
    Path mnt = dir.resolve("mnt");
    byte[] wrong = randomKey();
    String config =
        new SidecarJson()
            .rawKey(mnt.resolve("models"), roUrl, false, RO_KEY)
            .rawKey(mnt.resolve("data"), freshPageBlob(), true, wrong)
            .base64();
    try (RemotefsProcess remotefs =
        RemotefsProcess.start(dir, env(), "--base64", config, "--allow-raw-key")) {
      assertEquals(1, remotefs.awaitExit(90), remotefs.stderr());
      List<String> lines = remotefs.stderr().lines().toList();
      String last = lines.get(lines.size() - 1);
      assertTrue(last.startsWith("azure_filesystems[1] (" + mnt.resolve("data") + "): "), last);
      assertTrue(last.contains("no keyslot opens with this key"), last);
      assertFalse(remotefs.stderr().contains("\tat "), remotefs.stderr());
      assertEquals("0", Files.readString(remotefs.statusFile()).strip());
    }
    assertNothingLeft(mnt);
  }

  private static String decode(String base64) {
    return new String(
        java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** No symlink, no .filesystem-N, no mount under {@code mnt}; the directory itself is gone too. */
  private static void assertNothingLeft(Path mnt) throws IOException {
    for (int i = 0; i < 2; i++) {
      assertFalse(MountPoints.isMountPoint(mnt.resolve(".filesystem-" + i)));
    }
    if (Files.exists(mnt, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> left = Files.list(mnt)) {
        assertEquals(List.of(), left.toList(), "left behind in " + mnt);
      }
    }
  }
}
