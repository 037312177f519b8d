package org.ccsidecar.remotefs.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ccsidecar.azmount.fuse.MountPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel side of one filesystem: a loop device over the decrypted volume file and the ext4
 * mount on it. Read-only mounts use {@code ro,noload} (no journal replay, as the Go sidecar does);
 * every mount is {@code nodev,nosuid} so an image cannot bring device nodes or setuid binaries into
 * the app's container. The loop device reads and writes the volume file with direct I/O: ext4
 * caches the files already, and a buffered loop device would keep a second copy of every byte in
 * the volume file's page cache, one more copy per read and dirty pages that reach azmount only on
 * writeback. A kernel that cannot do direct I/O on the file falls back to buffered by itself.
 */
public final class LoopMount implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopMount.class);
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
  // Teardown must finish within the sidecar's 10 s stop budget even when the mount is busy.
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration UMOUNT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration DETACH_TIMEOUT = Duration.ofSeconds(2);

  private final String device;
  private final Path target;
  private final boolean readWrite;

  private LoopMount(String device, Path target, boolean readWrite) {
    this.device = device;
    this.target = target;
    this.readWrite = readWrite;
  }

  /** Attaches {@code image} to a free loop device and mounts it as ext4 on {@code target}. */
  public static LoopMount mount(Path image, Path target, boolean readWrite) throws IOException {
    String device = attach(image, readWrite);
    try {
      mountExt4(device, target, readWrite);
    } catch (IOException e) {
      detach(device);
      throw e;
    }
    LOG.debug("mounted {} ({}) on {}", device, readWrite ? "read-write" : "read-only", target);
    return new LoopMount(device, target, readWrite);
  }

  public String device() {
    return device;
  }

  public Path target() {
    return target;
  }

  private static String attach(Path image, boolean readWrite) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("losetup", "--find", "--show", "--direct-io=on"));
    if (!readWrite) {
      command.add("--read-only");
    }
    command.add(image.toString());
    SystemCommand.Result result = SystemCommand.run(SETUP_TIMEOUT, command);
    String device = result.output().strip();
    if (!result.ok() || !device.startsWith("/dev/")) {
      throw new IOException("losetup " + image + " failed: " + result.firstLine());
    }
    return device;
  }

  private static void mountExt4(String device, Path target, boolean readWrite) throws IOException {
    String options = readWrite ? "rw,nodev,nosuid" : "ro,noload,nodev,nosuid";
    SystemCommand.Result result =
        SystemCommand.run(
            SETUP_TIMEOUT,
            List.of("mount", "-t", "ext4", "-o", options, device, target.toString()));
    if (!result.ok()) {
      throw new IOException(
          "mount -t ext4 " + device + " on " + target + " failed: " + result.firstLine());
    }
  }

  /**
   * Flushes writes, unmounts (lazily when busy, so a reader holding a file open cannot make this
   * hang) and detaches the loop device; a busy device is released by the kernel once its last user
   * goes.
   */
  @Override
  public void close() throws IOException {
    if (readWrite) {
      SystemCommand.Result sync =
          SystemCommand.run(SYNC_TIMEOUT, List.of("sync", "-f", target.toString()));
      if (!sync.ok()) {
        LOG.warn("sync of {} failed: {}", target, sync.firstLine());
      }
    }
    SystemCommand.Result umount =
        SystemCommand.run(UMOUNT_TIMEOUT, List.of("umount", target.toString()));
    if (!umount.ok() && MountPoints.isMountPoint(target.toRealPath())) {
      LOG.warn("{} is busy ({}); detaching it lazily", target, umount.firstLine());
      SystemCommand.Result lazy =
          SystemCommand.run(UMOUNT_TIMEOUT, List.of("umount", "--lazy", target.toString()));
      if (!lazy.ok()) {
        detach(device);
        throw new IOException("umount " + target + " failed: " + lazy.firstLine());
      }
    }
    detach(device);
  }

  private static void detach(String device) throws IOException {
    SystemCommand.Result result =
        SystemCommand.run(DETACH_TIMEOUT, List.of("losetup", "--detach", device));
    if (!result.ok()) {
      throw new IOException("losetup --detach " + device + " failed: " + result.firstLine());
    }
  }
}
