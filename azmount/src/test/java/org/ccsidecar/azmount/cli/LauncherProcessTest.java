package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/azmount} as a user runs it (the launcher builds the jar when it is missing or stale):
 * real exit codes and streams of separate processes.
 */
class LauncherProcessTest {
  @TempDir Path dir;

  @Test
  void createThenVerifyThroughTheLauncher() throws Exception {
    Ext4Trees.requireTools();
    Path launcher = repoRoot().resolve("bin/azmount");
    Path source = Ext4Trees.sourceTree(dir.resolve("source"));
    Path key = dir.resolve("key");
    Path image = dir.resolve("image.luks");
    Processes.Result create =
        Processes.run(
            List.of(
                launcher.toString(),
                "image",
                "create",
                "--source",
                source.toString(),
                "--key-file",
                key.toString(),
                "--generate-key",
                "--output",
                image.toString()),
            // The first run may build the jar.
            600);
    assertEquals(0, create.exitCode(), create.output());
    ImageCreateCommandTest.assertCryptsetupOpens(image, key);

    Processes.Result verify =
        Processes.run(
            List.of(
                launcher.toString(),
                "image",
                "verify-key",
                "--image",
                image.toString(),
                "--key-file",
                key.toString()));
    assertEquals(0, verify.exitCode(), verify.output());

    Path wrong = Files.write(dir.resolve("wrong"), new byte[32]);
    Processes.Result refused =
        Processes.run(
            List.of(
                launcher.toString(),
                "image",
                "verify-key",
                "--image",
                image.toString(),
                "--key-file",
                wrong.toString()));
    assertEquals(1, refused.exitCode(), refused.output());
    // One line: the launcher drops the JVM's incubator-module warning.
    assertEquals(1, refused.output().strip().lines().count(), refused.output());
    assertTrue(
        refused.output().strip().endsWith("no keyslot opens with this key"), refused.output());

    Processes.Result usage = Processes.run(List.of(launcher.toString(), "image", "create"));
    assertEquals(2, usage.exitCode(), usage.output());
  }

  private static Path repoRoot() {
    String fromBuild = System.getenv("CCSIDECAR_REPO_ROOT");
    Path start = Path.of(fromBuild != null ? fromBuild : "").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("bin/azmount"))) {
        return p;
      }
    }
    throw new AssertionError("bin/azmount not found above " + start);
  }
}
