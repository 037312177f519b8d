package org.ccsidecar.azmount.luks;

import java.io.IOException;

/** A LUKS image that cannot be used, with a one-line message naming the cause for the user. */
public class LuksException extends IOException {
  private static final long serialVersionUID = 1L;

  public LuksException(String message) {
    super(message);
  }

  public LuksException(String message, Throwable cause) {
    super(message, cause);
  }
}
