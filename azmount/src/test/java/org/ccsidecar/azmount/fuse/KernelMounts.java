package org.ccsidecar.azmount.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Kernel mounts and loop devices a test creates, undone in reverse order by {@link #close} even
 * when the test failed half-way (lazy unmount, loop detach), so no test leaves the machine dirty.
 */
final class KernelMounts implements AutoCloseable {
  private final Deque<String[]> undo = new ArrayDeque<>();

  /** Attaches {@code file} to a free loop device and returns the device path. */
  String attachLoop(Path file, boolean readOnly) throws IOException {
    String device =
        readOnly
            ? run("losetup", "--find", "--show", "--direct-io=on", "--read-only", file.toString())
            : run("losetup", "--find", "--show", "--direct-io=on", file.toString());
    undo.push(new String[] {"losetup", "-d", device});
    return device;
  }

  /** Mounts an ext4 filesystem on {@code device} at {@code dir} with the given options. */
  void mountExt4(String device, Path dir, String options) throws IOException {
    run("mount", "-t", "ext4", "-o", options, device, dir.toString());
    undo.push(new String[] {"umount", "-l", dir.toString()});
  }

  /** Unmounts {@code dir} now (a clean, non-lazy unmount that flushes the filesystem). */
  void unmount(Path dir) throws IOException {
    run("umount", dir.toString());
  }

  /** Detaches a loop device now. */
  void detachLoop(String device) throws IOException {
    run("losetup", "-d", device);
  }

  /** Runs a command, returns its stdout trimmed; fails with its output on a non-zero exit. */
  static String run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + process.exitValue() + ": " + output.strip());
    }
    return output.strip();
  }

  @Override
  public void close() {
    while (!undo.isEmpty()) {
      String[] command = undo.pop();
      try {
        run(command);
      } catch (IOException e) {
        // already undone by the test itself
      }
    }
  }
}
