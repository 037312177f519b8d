package org.ccsidecar.remotefs.sidecar;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.ccsidecar.remotefs.config.FilesystemConfig;

/**
 * A filesystem key being obtained on its own thread, so that key release (attestation, MAA, Key
 * Vault) and opening the blob overlap instead of adding up.
 */
final class PendingKey {
  private final FutureTask<byte[]> task;

  private PendingKey(FutureTask<byte[]> task) {
    this.task = task;
  }

  static PendingKey start(FilesystemKeys keys, FilesystemConfig fs) {
    FutureTask<byte[]> task = new FutureTask<>(() -> keys.keyFor(fs));
    Thread thread = new Thread(task, "key-" + fs.index());
    thread.setDaemon(true);
    thread.start();
    return new PendingKey(task);
  }

  /** Waits for the key; the caller zeroes it. */
  byte[] get() throws IOException {
    try {
      return task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the key", e);
    }
  }

  /** After a failure elsewhere: waits for the key (its calls are bounded) and zeroes it. */
  void discard() {
    try {
      Arrays.fill(get(), (byte) 0);
    } catch (IOException | RuntimeException e) {
      // the key was not obtained; nothing to zero
    }
  }
}
