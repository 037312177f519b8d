package org.ccsidecar.remotefs.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file the Go entrypoint calls {@code result}: {@code 1} once every filesystem is mounted,
 * {@code 0} when the start failed, absent while starting. Replaced atomically so a watcher never
 * reads it half-written.
 */
public final class StatusFile {
  private final Path path;

  public StatusFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  /** Removes a status left by an earlier run, so the file only ever describes this one. */
  public void clear() throws IOException {
    Files.deleteIfExists(path);
  }

  public void ready() throws IOException {
    write("1\n");
  }

  public void failed() throws IOException {
    write("0\n");
  }

  private void write(String content) throws IOException {
    Path temporary = path.resolveSibling("." + path.getFileName() + ".tmp");
    Files.writeString(temporary, content, StandardCharsets.US_ASCII);
    Files.move(
        temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
