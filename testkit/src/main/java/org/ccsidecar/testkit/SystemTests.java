package org.ccsidecar.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gates tests on system prerequisites (root, /dev/fuse, loop devices, commands such as cryptsetup
 * or azurite). Locally a missing prerequisite skips the test with a message naming it; with
 * REQUIRE_SYSTEM_TESTS=1 (set by .ci/run) it fails the test instead.
 */
public final class SystemTests {
  private SystemTests() {}

  public static boolean required() {
    return "1".equals(System.getenv("REQUIRE_SYSTEM_TESTS"));
  }

  /** Skips (or fails, when system tests are required) unless {@code present}. */
  public static void require(String prerequisite, boolean present) {
    if (present) {
      return;
    }
    String message = "system prerequisite missing: " + prerequisite;
    if (required()) {
      Assertions.fail(message + " (REQUIRE_SYSTEM_TESTS=1)");
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
  }

  public static void requireCommand(String command) {
    require("command '" + command + "' on PATH", Commands.onPath(command));
  }

  public static void requireRoot() {
    require("running as root", "root".equals(System.getProperty("user.name")));
  }

  public static void requireFuse() {
    requireRoot();
    require("/dev/fuse", Files.isReadable(Path.of("/dev/fuse")));
    require("libfuse.so.2 (package libfuse2)", Commands.libfuse2Present());
  }

  public static void requireLoopDevices() {
    requireRoot();
    require("/dev/loop-control", Files.exists(Path.of("/dev/loop-control")));
    requireCommand("losetup");
  }

  /** Small helpers around external commands. */
  public static final class Commands {
    private Commands() {}

    public static boolean onPath(String command) {
      String path = System.getenv().getOrDefault("PATH", "");
      for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
          return true;
        }
      }
      return false;
    }

    static boolean libfuse2Present() {
      for (String dir :
          new String[] {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib", "/lib"}) {
        if (Files.exists(Path.of(dir, "libfuse.so.2"))) {
          return true;
        }
      }
      return false;
    }

    /** Runs a command to completion and returns its exit code; output goes to the test log. */
    public static int run(long timeoutSeconds, String... command)
        throws IOException, InterruptedException {
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      return process.exitValue();
    }
  }
}
