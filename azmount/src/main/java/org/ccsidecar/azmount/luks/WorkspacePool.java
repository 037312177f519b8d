package org.ccsidecar.azmount.luks;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Reusable workspaces (initialised Cipher objects, scratch buffers), one per concurrent caller:
 * making a Cipher per sector costs more than the AES work itself.
 */
final class WorkspacePool<T> {
  private final Supplier<T> factory;
  private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  WorkspacePool(Supplier<T> factory) {
    this.factory = factory;
  }

  T take() {
    if (closed) {
      throw new IllegalStateException("sector cipher is closed");
    }
    T item = idle.poll();
    return item != null ? item : factory.get();
  }

  void give(T item) {
    if (!closed) {
      idle.offer(item);
    }
  }

  void close() {
    closed = true;
    idle.clear();
  }
}
