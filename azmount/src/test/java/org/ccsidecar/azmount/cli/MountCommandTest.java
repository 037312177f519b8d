package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ccsidecar.azmount.fuse.MountPoints;
import org.ccsidecar.azmount.luks.LuksFormatOptions;
import org.ccsidecar.azmount.luks.LuksFormatter;
import org.ccsidecar.azmount.luks.LuksVolume;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code azmount mount} refusing bad input: exit 1 or 2, one line, nothing left mounted. */
class MountCommandTest {
  @TempDir Path temp;

  private CliRun mount(String... extra) {
    String[] args = new String[extra.length + 1];
    args[0] = "mount";
    System.arraycopy(extra, 0, args, 1, extra.length);
    return CliRun.of(args);
  }

  @Test
  void sourceMustBeExactlyOneOfUrlAndLocalPath() {
    String dir = temp.resolve("mnt").toString();
    CliRun both =
        mount("--mountpoint", dir, "--url", "http://127.0.0.1:1/a/c/b", "--local-path", "/x");
    assertEquals(2, both.exitCode(), both::toString);
    CliRun neither = mount("--mountpoint", dir);
    assertEquals(2, neither.exitCode(), neither::toString);
    CliRun noMountPoint = mount("--local-path", "/x");
    assertEquals(2, noMountPoint.exitCode(), noMountPoint::toString);
  }

  @Test
  void invalidCacheSettingsAreUsageErrors() throws IOException {
    Path image = Files.write(temp.resolve("image"), new byte[8192]);
    CliRun run =
        mount(
            "--mountpoint",
            temp.resolve("mnt").toString(),
            "--local-path",
            image.toString(),
            "--block-size-kib",
            "3");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("block size"), run::toString);
  }

  @Test
  void unwritableLogFileIsAUsageError() throws IOException {
    Path image = Files.write(temp.resolve("image"), new byte[8192]);
    CliRun run =
        mount(
            "--mountpoint",
            temp.resolve("mnt").toString(),
            "--local-path",
            image.toString(),
            "--log-file",
            temp.resolve("no/such/dir/azmount.log").toString());
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("--log-file"), run::toString);
  }

  @Test
  void missingImageFailsWithOneLineNamingIt() {
    Path missing = temp.resolve("missing.img");
    CliRun run =
        mount("--mountpoint", temp.resolve("mnt").toString(), "--local-path", missing.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals(1, run.errLines(), run::toString);
    assertTrue(run.err().contains(missing.toString()), run::toString);
  }

  @Test
  void mountPointThatIsAFileIsRefused() throws IOException {
    Path image = Files.write(temp.resolve("image"), new byte[8192]);
    Path file = Files.writeString(temp.resolve("file"), "x");
    CliRun run = mount("--mountpoint", file.toString(), "--local-path", image.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains("not a directory"), run::toString);
  }

  @Test
  void wrongKeyFailsWithOneLineAndLeavesNothingMounted() throws IOException {
    Path image = temp.resolve("image.luks");
    byte[] rightKey = "right key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    LuksFormatOptions options = LuksFormatOptions.defaults().withPbkdf2Iterations(1000);
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(LuksFormatter.dataOffset(options) + (1 << 20));
    }
    try (LuksVolume volume =
        LuksFormatter.format(FileBlockSource.open(image, true), 1 << 20, rightKey, options)) {
      volume.flush();
    }
    Path wrongKey = Files.writeString(temp.resolve("wrong.key"), "wrong key");
    Path dir = temp.resolve("mnt");

    CliRun run =
        mount(
            "--mountpoint",
            dir.toString(),
            "--local-path",
            image.toString(),
            "--key-file",
            wrongKey.toString());

    assertEquals(1, run.exitCode(), run::toString);
    assertEquals(1, run.errLines(), run::toString);
    assertTrue(run.err().contains("no keyslot opens with this key"), run::toString);
    assertFalse(MountPoints.isMountPoint(dir.toRealPath()));
  }
}
