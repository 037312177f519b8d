package org.ccsidecar.remotefs.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreground life of the sidecar: from the first SIGTERM or SIGINT on, the main thread stops
 * waiting and takes the filesystems down itself (a signal that arrives during the start is acted on
 * as soon as the start has settled).
 */
final class Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean signalled = new AtomicBoolean();

  void installSignalHandlers() {
    StopSignals.onTermOrInt(this::requestStop);
  }

  void requestStop() {
    if (signalled.compareAndSet(false, true)) {
      LOG.info("stop requested: unmounting every filesystem");
      stopRequested.countDown();
    } else {
      LOG.info("already stopping");
    }
  }

  /** Blocks until a stop is requested. */
  void awaitStop() throws InterruptedException {
    stopRequested.await();
  }
}
