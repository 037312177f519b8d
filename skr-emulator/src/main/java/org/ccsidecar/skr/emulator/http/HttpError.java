package org.ccsidecar.skr.emulator.http;

/** A request that fails with an HTTP status and an Azure-style error body. */
public class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public HttpError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static HttpError badRequest(String message) {
    return new HttpError(400, "BadParameter", message);
  }

  public static HttpError notFound(String code, String message) {
    return new HttpError(404, code, message);
  }
}
