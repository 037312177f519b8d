package org.ccsidecar.remotefs.sidecar;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.ccsidecar.remotefs.config.FilesystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All configured filesystems, started in parallel and stopped together. Either every filesystem
 * comes up, or the start fails and whatever had come up is taken down again.
 */
public final class Sidecar implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);

  private final List<Teardown> started;
  private final Teardown afterAll;

  private Sidecar(List<Teardown> started, Teardown afterAll) {
    this.started = started;
    this.afterAll = afterAll;
  }

  /**
   * Starts every filesystem at once.
   *
   * @param afterAll undone after every filesystem is down (shared resources of the starter)
   * @throws StartException naming the first failed filesystem (in configuration order) and why
   */
  public static Sidecar start(
      List<FilesystemConfig> filesystems, FilesystemStarter starter, Teardown afterAll)
      throws StartException, InterruptedException {
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            filesystems.size(),
            task -> {
              Thread thread = new Thread(task, "start-fs-" + threadNumber.getAndIncrement());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Teardown>> futures = new ArrayList<>();
      for (FilesystemConfig fs : filesystems) {
        futures.add(pool.submit(() -> startOne(fs, starter)));
      }
      List<Teardown> started = new ArrayList<>();
      StartException failure = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          started.add(futures.get(i).get());
        } catch (ExecutionException e) {
          StartException next = describe(filesystems.get(i), e.getCause());
          LOG.debug("start of {} failed", filesystems.get(i).label(), e.getCause());
          if (failure == null) {
            failure = next; // reported by the caller
          } else {
            LOG.error("{}", next.getMessage());
          }
        }
      }
      Sidecar sidecar = new Sidecar(started, afterAll);
      if (failure != null) {
        sidecar.close();
        throw failure;
      }
      return sidecar;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Teardown startOne(FilesystemConfig fs, FilesystemStarter starter)
      throws Exception {
    Teardown teardown = new Teardown(fs.label());
    try {
      starter.start(fs, teardown);
      return teardown;
    } catch (Exception | Error e) {
      teardown.runAll();
      throw e;
    }
  }

  private static StartException describe(FilesystemConfig fs, Throwable cause) {
    String reason = cause.getMessage();
    if (reason == null || reason.isBlank()) {
      reason = cause.getClass().getSimpleName();
    }
    return new StartException(
        fs.label() + ": " + reason.lines().findFirst().orElse("").strip(), cause);
  }

  /** Stops every filesystem, the last started first, then the shared resources. Idempotent. */
  @Override
  public synchronized void close() {
    List<Teardown> reversed = new ArrayList<>(started);
    Collections.reverse(reversed);
    for (Teardown teardown : reversed) {
      teardown.runAll();
    }
    started.clear();
    afterAll.runAll();
  }
}
