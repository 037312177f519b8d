package org.ccsidecar.azmount.luks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external reference tools (cryptsetup, xz, tar, blkid) for the LUKS tests. */
final class Shell {
  private Shell() {}

  /** Runs {@code command}, asserts exit code 0 and returns stdout. */
  static String run(String... command) throws IOException, InterruptedException {
    Result result = exec(null, command);
    assertEquals(
        0, result.exitCode, () -> String.join(" ", command) + " failed:\n" + result.output);
    return result.output;
  }

  /** Runs {@code command} with {@code stdin} (or nothing) and returns exit code and output. */
  static Result exec(Path stdin, String... command) throws IOException, InterruptedException {
    // Run outside the build tree: some cryptsetup paths leave log files in the working directory.
    ProcessBuilder builder =
        new ProcessBuilder(List.of(command))
            .redirectErrorStream(true)
            .directory(new java.io.File(System.getProperty("java.io.tmpdir")));
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Writes the xz-decompressed {@code xz} to {@code target}. */
  static void unxz(Path xz, Path target) throws IOException, InterruptedException {
    run("sh", "-c", "xz -dc \"$0\" > \"$1\"", xz.toString(), target.toString());
  }

  static void untarXz(Path tarXz, Path dir) throws IOException, InterruptedException {
    run("tar", "-xJf", tarXz.toString(), "-C", dir.toString());
  }

  record Result(int exitCode, String output) {}
}
