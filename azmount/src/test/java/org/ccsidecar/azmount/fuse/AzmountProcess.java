package org.ccsidecar.azmount.fuse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
  private final CompletableFuture<String> stderr;

  private AzmountProcess(Process process) {
    this.process = process;
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
    stderr =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
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
    return new AzmountProcess(builder.start());
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

  String stderr() throws Exception {
    return stderr.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "azmount pid " + process.pid() + ", stdout: " + stdout;
  }
}
