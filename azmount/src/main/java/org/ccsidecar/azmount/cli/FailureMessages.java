package org.ccsidecar.azmount.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.ccsidecar.cli.CliFailureHandler;

/** One-line, user-facing descriptions of the exceptions a command can end with. */
final class FailureMessages {
  private FailureMessages() {}

  static String describe(Throwable ex) {
    if (ex instanceof UncheckedIOException && ex.getCause() != null) {
      return describe(ex.getCause());
    }
    String text;
    if (ex instanceof NoSuchFileException e) {
      text = e.getFile() + ": no such file or directory";
    } else if (ex instanceof AccessDeniedException e) {
      text = e.getFile() + ": permission denied";
    } else if (ex instanceof FileAlreadyExistsException e) {
      text = e.getFile() + ": already exists";
    } else if (ex instanceof NotDirectoryException e) {
      text = e.getFile() + ": not a directory";
    } else if (ex instanceof DirectoryNotEmptyException e) {
      text = e.getFile() + ": directory not empty";
    } else if (ex instanceof FileSystemException e && e.getReason() != null) {
      text = e.getFile() + ": " + e.getReason();
    } else if (ex instanceof java.io.IOException && ex.getMessage() != null) {
      text = ex.getMessage();
    } else {
      text =
          "internal error: "
              + ex
              + " (run with --log-level debug for details, and please report it)";
    }
    return CliFailureHandler.oneLine(text);
  }
}
