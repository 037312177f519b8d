package org.ccsidecar.azmount.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's FUSE control filesystem ({@code fusectl}): aborting a connection ends its session
 * even while files on it are still open. Mounted on demand when the system has not mounted it.
 */
final class FuseConnections {
  private static final Logger log = LoggerFactory.getLogger(FuseConnections.class);
  private static final Path ROOT = Path.of("/sys/fs/fuse/connections");

  private FuseConnections() {}

  /** Aborts the FUSE connection of the mount whose st_dev is {@code device}; true on success. */
  static boolean abort(long device) {
    Path abort = ROOT.resolve(Long.toString(FuseMount.minor(device))).resolve("abort");
    if (!Files.exists(abort)) {
      mountControlFilesystem();
    }
    try {
      Files.writeString(abort, "1");
      log.warn("aborted FUSE connection {}", abort.getParent());
      return true;
    } catch (IOException e) {
      log.warn("could not abort the FUSE connection through {}: {}", abort, e.toString());
      return false;
    }
  }

  private static void mountControlFilesystem() {
    try {
      if (!Files.isDirectory(ROOT) || MountPoints.isMountPoint(ROOT)) {
        return;
      }
      Process process =
          new ProcessBuilder("mount", "-t", "fusectl", "fusectl", ROOT.toString())
              .redirectErrorStream(true)
              .start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      log.debug("could not mount fusectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
