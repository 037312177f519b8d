package org.ccsidecar.remotefs.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ccsidecar.remotefs.sidecar.Sidecar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the sidecar to the process: on SIGTERM or SIGINT the JVM runs shutdown hooks, and this one
 * takes every filesystem down and ends the process with status 0 (a signal would otherwise give
 * 143 or 130). A signal during start waits for the start to settle first, within a bound.
 */
final class Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
  private static final long START_SETTLE_SECONDS = 5;

  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile Sidecar sidecar;
  private volatile boolean exitingOnFailure;

  void installShutdownHook() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "remotefs-stop"));
  }

  void started(Sidecar running) {
    sidecar = running;
    settled.countDown();
  }

  /** The start failed and was undone; the process exits with 1 on its own. */
  void failed() {
    exitingOnFailure = true;
    settled.countDown();
  }

  /** Blocks the main thread until the process is stopped by a signal. */
  void awaitSignal() throws InterruptedException {
    new CountDownLatch(1).await();
  }

  private void onShutdown() {
    if (exitingOnFailure) {
      return;
    }
    LOG.info("stopping: unmounting every filesystem");
    try {
      if (!settled.await(START_SETTLE_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("start still running after {} s; stopping anyway", START_SETTLE_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Sidecar running = sidecar;
    if (running != null) {
      running.close();
    }
    LOG.info("stopped");
    LogSetup.stop();
    Runtime.getRuntime().halt(0);
  }
}
