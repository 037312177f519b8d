package org.ccsidecar.remotefs.sidecar;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.FutureTask;
import org.ccsidecar.remotefs.config.FilesystemConfig;
import org.ccsidecar.skr.net.Awaited;

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
    return Awaited.result(task, "the key");
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
