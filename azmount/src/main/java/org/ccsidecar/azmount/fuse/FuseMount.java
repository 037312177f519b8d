package org.ccsidecar.azmount.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.ccsidecar.azmount.cache.ReadAheadSource;
import org.ccsidecar.azmount.source.BlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link BlockSource} served by the kernel as a single regular file, {@code
 * <mountPoint>/<fileName>}, through FUSE. Each mount runs its own libfuse session on its own
 * thread, so several can live in one JVM. {@link #mount} returns once the file is visible; {@link
 * #close} unmounts, makes every write durable and closes the source.
 *
 * <p>jnr-fuse's own {@code mount()} is bypassed on purpose: it registers a JVM shutdown hook per
 * mount that runs a lazy {@code fusermount -u -z} without waiting, and in non-blocking mode it
 * reports success after a fixed two-second wait whether or not the mount worked.
 */
public final class FuseMount implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FuseMount.class);
  private static final long POLL_MILLIS = 5;

  private final Path mountPoint;
  private final String fileName;
  private final BlockSource source;
  private final SingleFileFs fs;
  private final FuseOptions options;
  private final CompletableFuture<Integer> session;
  private long device;
  private boolean closed;

  private FuseMount(
      Path mountPoint,
      String fileName,
      BlockSource source,
      SingleFileFs fs,
      FuseOptions options,
      CompletableFuture<Integer> session) {
    this.mountPoint = mountPoint;
    this.fileName = fileName;
    this.source = source;
    this.fs = fs;
    this.options = options;
    this.session = session;
  }

  /**
   * Mounts {@code source} as {@code mountPoint/fileName}. The mount point must be an existing,
   * empty directory that is not mounted on. On failure nothing is left mounted and the source is
   * left open (the caller still owns it); on success the mount owns the source.
   */
  public static FuseMount mount(
      Path mountPoint, String fileName, BlockSource source, FuseOptions options)
      throws IOException {
    if (fileName.isEmpty()
        || fileName.contains("/")
        || ".".equals(fileName)
        || "..".equals(fileName)) {
      throw new IllegalArgumentException("not a plain file name: '" + fileName + "'");
    }
    Path dir = checkedMountPoint(mountPoint);
    long size = source.size();
    long uid = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(dir, "unix:gid")).longValue();
    BlockSource served = new ReadAheadSource(source);
    SingleFileFs fs = new SingleFileFs(fileName, served, size, uid, gid);
    String[] args = sessionArguments(dir, source.writable(), options);

    CompletableFuture<Integer> session = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                session.complete(fs.runSession(args));
              } catch (Throwable t) {
                session.completeExceptionally(t);
              }
            },
            "fuse-session " + dir);
    thread.setDaemon(true);
    thread.start();

    FuseMount mount = new FuseMount(dir, fileName, served, fs, options, session);
    try {
      mount.awaitVisible();
    } catch (IOException | RuntimeException e) {
      mount.unmountAndStop();
      throw e;
    }
    mount.applyKernelReadAhead();
    log.info(
        "mounted {} ({} bytes, {}) at {}",
        source,
        size,
        source.writable() ? "read-write" : "read-only",
        dir.resolve(fileName));
    return mount;
  }

  private static Path checkedMountPoint(Path mountPoint) throws IOException {
    Path dir;
    try {
      dir = mountPoint.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IOException("mount point " + mountPoint + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("mount point " + mountPoint + " is not a directory");
    }
    if (MountPoints.isMountPoint(dir)) {
      throw new IOException("mount point " + mountPoint + " is already mounted on");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IOException("mount point " + mountPoint + " is not empty");
      }
    }
    return dir;
  }

  private static String[] sessionArguments(Path dir, boolean writable, FuseOptions options) {
    List<String> mountOptions = new ArrayList<>();
    mountOptions.add("fsname=azmount");
    mountOptions.add("subtype=azmount");
    mountOptions.add("max_read=" + options.maxReadBytes());
    mountOptions.add("big_writes");
    mountOptions.add("kernel_cache");
    mountOptions.add(writable ? "rw" : "ro");
    if (options.allowOther()) {
      mountOptions.add("allow_other");
    }
    // -f: stay in the foreground (never fork the JVM); multithreaded session by default.
    return new String[] {"azmount", "-f", dir.toString(), "-o", String.join(",", mountOptions)};
  }

  private void awaitVisible() throws IOException {
    Path file = mountPoint.resolve(fileName);
    long deadline = System.nanoTime() + options.mountTimeout().toNanos();
    while (true) {
      if (session.isDone()) {
        throw new IOException(
            "FUSE mount at " + mountPoint + " failed: " + sessionOutcome() + " (see stderr)");
      }
      if (Files.exists(file)) {
        device = ((Number) Files.getAttribute(mountPoint, "unix:dev")).longValue();
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "FUSE mount at "
                + mountPoint
                + " did not appear within "
                + options.mountTimeout().toSeconds()
                + " s");
      }
      sleep(POLL_MILLIS);
    }
  }

  private String sessionOutcome() {
    try {
      return "libfuse returned " + session.getNow(null);
    } catch (RuntimeException e) {
      return e.getCause() == null ? e.toString() : e.getCause().toString();
    }
  }

  /** The kernel may only shrink FUSE's read-ahead at INIT; raising it goes through the bdi. */
  private void applyKernelReadAhead() {
    if (options.kernelReadAheadKib() == 0) {
      return;
    }
    Path knob = Path.of("/sys/class/bdi", major(device) + ":" + minor(device), "read_ahead_kb");
    try {
      Files.writeString(knob, Integer.toString(options.kernelReadAheadKib()));
    } catch (IOException e) {
      log.warn("could not set kernel read-ahead through {}: {}", knob, e.toString());
    }
  }

  /** The directory the file is mounted in. */
  public Path mountPoint() {
    return mountPoint;
  }

  /** The served file: {@code mountPoint/fileName}. */
  public Path file() {
    return mountPoint.resolve(fileName);
  }

  /** True until the mount is unmounted, by {@link #close} or from outside. */
  public boolean isMounted() {
    return !session.isDone();
  }

  /** Blocks until the mount ends, by {@link #close} or an external unmount. */
  public void awaitUnmounted() throws InterruptedException {
    try {
      session.get();
    } catch (ExecutionException e) {
      log.debug("FUSE session ended with an error", e);
    }
  }

  /**
   * Unmounts (falling back to a lazy unmount when the file is still in use, so this never hangs),
   * then flushes every write to the source and closes it. Idempotent.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    unmountAndStop();
    IOException failure = null;
    if (fs.flushIfDirty() != 0) {
      failure = new IOException("flushing " + source + " failed; see the log for the cause");
    }
    try {
      source.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    log.info("unmounted {}", mountPoint);
    if (failure != null) {
      throw failure;
    }
  }

  private void unmountAndStop() {
    if (session.isDone()) {
      return;
    }
    String failure = MountPoints.unmount(mountPoint, false, options.unmountTimeout());
    if (failure == null && awaitSessionEnd(options.unmountTimeout().toMillis())) {
      return;
    }
    if (failure != null) {
      log.warn("unmount of {} failed ({}); detaching it lazily", mountPoint, failure);
      failure = MountPoints.unmount(mountPoint, true, options.unmountTimeout());
      if (failure != null) {
        log.warn("lazy unmount of {} failed: {}", mountPoint, failure);
      }
    }
    if (awaitSessionEnd(1000)) {
      return;
    }
    // Still held open (e.g. by a loop device): cut the kernel connection so the session ends.
    // Whoever holds the file from now on gets ENOTCONN instead of a hang.
    FuseConnections.abort(device);
    if (!awaitSessionEnd(options.unmountTimeout().toMillis())) {
      log.warn("FUSE session for {} did not end; leaving it behind", mountPoint);
    }
  }

  private boolean awaitSessionEnd(long millis) {
    try {
      session.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return session.isDone();
    }
  }

  private static long major(long dev) {
    return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
  }

  static long minor(long dev) {
    return (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the FUSE mount");
    }
  }

  @Override
  public String toString() {
    return "FUSE mount " + file() + " of " + source;
  }
}
