package org.ccsidecar.remotefs.sidecar;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undo steps registered as resources come up, run newest first. A failing step is logged and the
 * rest still run, so one stuck mount never leaves the others behind.
 */
public final class Teardown {
  private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

  /** One undo action. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private record Named(String description, Step step) {}

  private final String owner;
  private final Deque<Named> steps = new ArrayDeque<>();

  public Teardown(String owner) {
    this.owner = owner;
  }

  public synchronized void push(String description, Step step) {
    steps.push(new Named(description, step));
  }

  /** Runs every step, newest first; true when all succeeded. Idempotent. */
  public synchronized boolean runAll() {
    boolean clean = true;
    while (!steps.isEmpty()) {
      Named next = steps.pop();
      try {
        LOG.debug("{}: {}", owner, next.description());
        next.step().run();
      } catch (Exception e) {
        clean = false;
        LOG.warn("{}: {} failed: {}", owner, next.description(), e.getMessage());
        LOG.debug("{}: {} failed", owner, next.description(), e);
      }
    }
    return clean;
  }
}
