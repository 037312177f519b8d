package org.ccsidecar.remotefs.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code remotefs} in its own JVM (it ends with a halt on SIGTERM, so it cannot share the test's),
 * with its stderr in a file and its status file in its working directory.
 */
final class RemotefsProcess implements AutoCloseable {
  private final Process process;
  private final Path workDir;
  private final Path stderr;

  private RemotefsProcess(Process process, Path workDir, Path stderr) {
    this.process = process;
    this.workDir = workDir;
    this.stderr = stderr;
  }

  static RemotefsProcess start(Path workDir, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = javaCommand();
    command.addAll(List.of(args));
    return startCommand(workDir, env, command);
  }

  /** {@code java -cp <the test class path> RemotefsCli}, to which arguments may be added. */
  static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.ccsidecar.remotefs.cli.RemotefsCli");
    return command;
  }

  /** Writes an executable launcher script that runs remotefs with {@code fixedArgs} first. */
  static Path launcher(Path dir, String... fixedArgs) throws IOException {
    List<String> command = javaCommand();
    command.addAll(List.of(fixedArgs));
    StringBuilder script = new StringBuilder("#!/bin/sh\nexec");
    for (String word : command) {
      script.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    script.append(" \"$@\"\n");
    Path file = Files.writeString(dir.resolve("remotefs-launcher"), script);
    file.toFile().setExecutable(true);
    return file;
  }

  static RemotefsProcess startCommand(Path workDir, Map<String, String> env, List<String> command)
      throws IOException {
    Files.deleteIfExists(workDir.resolve("result")); // a stale "1" must not look ready
    Path stderr = Files.createTempFile(workDir, "remotefs-", ".stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile());
    builder.environment().remove("EncfsSideCarArgs");
    builder.environment().putAll(env);
    return new RemotefsProcess(builder.start(), workDir, stderr);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path statusFile() {
    return workDir.resolve("result");
  }

  /** Waits until the status file says 1 (ready); fails with the stderr when it says 0 or exits. */
  void awaitReady(long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(statusFile())) {
        String status = Files.readString(statusFile()).strip();
        if (status.equals("1")) {
          return;
        }
        fail("remotefs failed (status " + status + "):\n" + stderr());
      }
      if (!process.isAlive()) {
        fail("remotefs exited with " + process.exitValue() + ":\n" + stderr());
      }
      Thread.sleep(50);
    }
    fail("remotefs not ready within " + seconds + " s:\n" + stderr());
  }

  /** Waits for the process to end and returns its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      fail("remotefs still running after " + seconds + " s:\n" + stderr());
    }
    return process.exitValue();
  }

  /** Sends SIGTERM. */
  void terminate() {
    process.destroy();
  }

  String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read stderr: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
