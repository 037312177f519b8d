package org.ccsidecar.azmount.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.ccsidecar.azmount.fuse.FuseMount;
import org.ccsidecar.cli.CliFailureHandler;

/**
 * Flushes and unmounts on SIGTERM/SIGINT (a JVM shutdown hook), then ends the JVM with 0 (or 1 when
 * the final flush failed) rather than the signal's 143/130. Installed before the mount is made: a
 * signal that arrives while mounting waits for that attempt to end, so a mount never outlives the
 * JVM.
 */
final class UnmountOnSignal {
  private final CountDownLatch settled = new CountDownLatch(1);
  private final PrintWriter err;
  private final Thread hook;
  private volatile FuseMount mount;

  private UnmountOnSignal(PrintWriter err) {
    this.err = err;
    this.hook = new Thread(this::unmountAndHalt, "azmount-shutdown");
  }

  static UnmountOnSignal install(PrintWriter err) {
    UnmountOnSignal handler = new UnmountOnSignal(err);
    Runtime.getRuntime().addShutdownHook(handler.hook);
    return handler;
  }

  /** The mount is made: a signal from now on unmounts it. */
  void mounted(FuseMount made) {
    mount = made;
    settled.countDown();
  }

  /** No mount will be made (it failed) or it is gone already: the JVM exits as the caller says. */
  void uninstall() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // a signal came first: the hook owns the exit now, and finds nothing to unmount
    }
    settled.countDown();
  }

  private void unmountAndHalt() {
    boolean interrupted = false;
    while (settled.getCount() > 0) {
      try {
        settled.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    int status = 0;
    FuseMount made = mount;
    if (made != null) {
      try {
        made.close();
      } catch (IOException | RuntimeException e) {
        err.println("azmount mount: " + FailureMessages.describe(e));
        err.flush();
        status = CliFailureHandler.FAILURE;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(status);
  }
}
