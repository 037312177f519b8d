package org.ccsidecar.skr.release;

/** A key release that failed a check: the message names the check and what was found. */
public final class ReleaseRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReleaseRefusedException(String message) {
    super(message);
  }

  public ReleaseRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
