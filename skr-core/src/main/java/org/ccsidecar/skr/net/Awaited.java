package org.ccsidecar.skr.net;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waits for background work and rethrows its failure as it was, for callers that speak IOException.
 */
public final class Awaited {
  private Awaited() {}

  /** The result of {@code future}; {@code what} names it in the message when interrupted. */
  public static <T> T result(Future<T> future, String what) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
  }
}
