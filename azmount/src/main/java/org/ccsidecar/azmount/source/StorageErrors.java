package org.ccsidecar.azmount.source;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;

/**
 * Turns storage client failures into IOExceptions with a one-line, secret-free message naming the
 * blob and the operation. The original exception is chained only when nothing in it needs
 * redacting.
 */
final class StorageErrors {
  private StorageErrors() {}

  static IOException io(BlobLocation location, String operation, Throwable failure) {
    IOException io = new IOException(Redaction.redact(describe(location, operation, failure)));
    if (!anySecret(failure)) {
      io.initCause(failure);
    }
    return io;
  }

  static boolean is(Throwable failure, int status) {
    return failure instanceof BlobStorageException e && e.getStatusCode() == status;
  }

  static boolean is(Throwable failure, BlobErrorCode code) {
    return failure instanceof BlobStorageException e && code.equals(e.getErrorCode());
  }

  private static String describe(BlobLocation location, String operation, Throwable failure) {
    String prefix = "blob " + location + ": " + operation + " failed: ";
    if (failure instanceof BlobStorageException e) {
      return prefix + statusText(e);
    }
    Throwable root = failure;
    boolean authentication = false;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      authentication |= t instanceof ClientAuthenticationException;
      root = t;
    }
    String message = root.getMessage() == null ? "" : ": " + firstLine(root.getMessage());
    String what =
        authentication
            ? "no token for storage from the identity (--private, --client-id)"
            : "storage unreachable";
    return prefix + what + " (" + root.getClass().getSimpleName() + message + ")";
  }

  private static String statusText(BlobStorageException e) {
    String code = e.getErrorCode() == null ? "" : " " + e.getErrorCode();
    return switch (e.getStatusCode()) {
      case 404 -> "not found (HTTP 404" + code + ")";
      case 401, 403 ->
          "access denied (HTTP "
              + e.getStatusCode()
              + code
              + "); check the SAS token, connection string or identity and its role";
      default -> "HTTP " + e.getStatusCode() + code;
    };
  }

  private static boolean anySecret(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (Redaction.containsSecret(t.toString())) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
