package org.ccsidecar.skr.snp;

/** A report or certificate chain that does not verify; the message says which check failed. */
public final class SnpVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  public SnpVerificationException(String message) {
    super(message);
  }

  public SnpVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
