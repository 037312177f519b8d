package org.ccsidecar.azmount.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An output written under a hidden name next to its target and renamed onto the target only when
 * complete, so a failed or interrupted run never leaves a half-written file at the target.
 */
public final class StagedOutputFile implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private final boolean replace;
  private boolean committed;

  private StagedOutputFile(Path target, Path staging, boolean replace) {
    this.target = target;
    this.staging = staging;
    this.replace = replace;
  }

  /**
   * Creates the staging file (mode 0600, {@code size} bytes, sparse). Fails when the target exists
   * unless {@code replace}.
   */
  public static StagedOutputFile create(Path target, long size, boolean replace)
      throws IOException {
    Path absolute = target.toAbsolutePath();
    if (!replace && Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(
          target.toString(), null, "already exists (use --force to replace it)");
    }
    if (Files.isDirectory(absolute)) {
      throw new ImageException(target + ": is a directory");
    }
    Path staging = createHiddenTempFile(absolute, ".partial");
    StagedOutputFile output = new StagedOutputFile(absolute, staging, replace);
    try (RandomAccessFile file = new RandomAccessFile(staging.toFile(), "rw")) {
      file.setLength(size);
    } catch (IOException e) {
      output.close();
      throw e;
    }
    return output;
  }

  /**
   * A new empty file, mode 0600, next to {@code sibling}, removed at JVM exit if still there
   * (covers Ctrl-C of a long run).
   */
  static Path createHiddenTempFile(Path sibling, String suffix) throws IOException {
    Path directory = sibling.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new ImageException(sibling + ": parent directory does not exist");
    }
    Path file =
        Files.createTempFile(
            directory,
            "." + sibling.getFileName() + ".",
            suffix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    file.toFile().deleteOnExit();
    return file;
  }

  /** Where to write until {@link #commit()}. */
  public Path staging() {
    return staging;
  }

  /** Renames the staging file onto the target. */
  public void commit() throws IOException {
    if (replace) {
      Files.move(
          staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.move(staging, target);
    }
    committed = true;
  }

  /** Removes the staging file unless committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      Files.deleteIfExists(staging);
    }
  }
}
