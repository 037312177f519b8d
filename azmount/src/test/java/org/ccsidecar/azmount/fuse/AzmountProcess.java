package org.ccsidecar.azmount.fuse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code azmount} run as its own JVM process ({@code java -cp <test classpath>}), as users do. */
final class AzmountProcess implements AutoCloseable {
  private final Process process;
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final StringBuffer stdout = new StringBuffer();
  private final Path stderr;

  private AzmountProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  stdout.append(line).append('\n');
                  if (line.startsWith("ready: ")) {
                    ready.complete(line.substring("ready: ".length()));
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              ready.completeExceptionally(new IOException("azmount ended before it was ready"));
            },
            "azmount-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static AzmountProcess start(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.ccsidecar.azmount.cli.AzmountCli");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Path stderr = Files.createTempFile("azmount-stderr", ".txt");
    builder.redirectError(stderr.toFile());
    return new AzmountProcess(builder.start(), stderr);
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the {@code ready: FILE} line and returns FILE. */
  Path awaitReady() throws Exception {
    try {
      return Path.of(ready.get(90, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("azmount did not get ready: " + this, e);
    }
  }

  /** Sends SIGTERM. */
  void terminate() {
    process.destroy();
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("azmount did not exit within 60 s: " + this);
    }
    return process.exitValue();
  }

  /** What the process wrote to stderr so far. */
  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(stderr);
  }

  @Override
  public String toString() {
    String err;
    try {
      err = stderr();
    } catch (IOException e) {
      err = e.toString();
    }
    return "azmount pid " + process.pid() + ", stdout: " + stdout + ", stderr: " + err;
  }
}
