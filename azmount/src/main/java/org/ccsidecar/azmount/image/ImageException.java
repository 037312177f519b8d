package org.ccsidecar.azmount.image;

import java.io.IOException;

/** A failure while building or writing an image, with a one-line message naming the cause. */
public final class ImageException extends IOException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
