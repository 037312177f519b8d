package org.ccsidecar.remotefs.sidecar;

/** A filesystem could not be started; the message names it and the cause, on one line. */
public final class StartException extends Exception {
  private static final long serialVersionUID = 1L;

  public StartException(String message, Throwable cause) {
    super(message, cause);
  }

  public StartException(String message) {
    super(message);
  }
}
