package org.ccsidecar.azmount.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads the kernel's mount table and unmounts FUSE mounts with the system tools. */
public final class MountPoints {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountPoints() {}

  /** True when {@code dir} (an absolute, symlink-free path) is the target of a mount. */
  public static boolean isMountPoint(Path dir) throws IOException {
    String target = dir.toString();
    for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
      String[] fields = line.split(" ", 6);
      if (fields.length > 4 && unescape(fields[4]).equals(target)) {
        return true;
      }
    }
    return false;
  }

  /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
  public static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }

  /**
   * Unmounts {@code dir}: {@code umount} as root, {@code fusermount -u} otherwise; {@code lazy}
   * detaches it even while files on it are still open. Returns a reason on failure, null on
   * success.
   */
  static String unmount(Path dir, boolean lazy, Duration timeout) {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.add("umount");
      if (lazy) {
        command.add("-l");
      }
    } else {
      command.add("fusermount");
      command.add("-u");
      if (lazy) {
        command.add("-z");
      }
    }
    command.add(dir.toString());
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return String.join(" ", command) + " timed out after " + timeout.toSeconds() + " s";
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.exitValue() == 0 ? null : output.strip();
    } catch (IOException e) {
      return String.join(" ", command) + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return String.join(" ", command) + ": interrupted";
    }
  }

  static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
