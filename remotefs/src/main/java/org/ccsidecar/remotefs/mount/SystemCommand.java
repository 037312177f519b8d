package org.ccsidecar.remotefs.mount;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one external command (losetup, mount, umount, sync) with a deadline. */
final class SystemCommand {
  private static final int MAX_OUTPUT = 64 * 1024;

  /** What a finished command printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The first non-blank output line, for one-line error messages. */
    String firstLine() {
      return output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
  }

  private SystemCommand() {}

  /**
   * Runs {@code command}; one that outlives {@code timeout} is killed and reported with exit code
   * -1.
   */
  static Result run(Duration timeout, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    FutureTask<String> output = new FutureTask<>(() -> readBounded(process.getInputStream()));
    Thread reader = new Thread(output, "output of " + command.get(0));
    reader.setDaemon(true);
    reader.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, command.get(0) + " timed out after " + timeout.toMillis() + " ms");
      }
      return new Result(process.exitValue(), output.get(1, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } catch (ExecutionException | TimeoutException e) {
      return new Result(process.exitValue(), "");
    }
  }

  private static String readBounded(InputStream in) {
    try (in) {
      byte[] head = in.readNBytes(MAX_OUTPUT);
      in.transferTo(OutputStream.nullOutputStream());
      return new String(head, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
