package org.ccsidecar.azmount.image;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code mkfs.ext4 -d} to build an ext4 file system from a directory inside an existing
 * regular file: no root, no loop device.
 */
public final class MkfsExt4 {
  private static final Logger log = LoggerFactory.getLogger(MkfsExt4.class);
  private static final String[] SBIN_DIRS = {"/usr/sbin", "/sbin"};

  private MkfsExt4() {}

  /**
   * Fills {@code imageFile} (already sized) with an ext4 file system holding a copy of {@code
   * sourceDir}, with at least {@code inodes} inodes when given.
   */
  public static void build(Path sourceDir, Path imageFile, OptionalLong inodes) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable());
    command.addAll(List.of("-F", "-q", "-t", "ext4", "-b", "4096"));
    // Initialise inode tables and journal now: a mounted image then needs no background writes.
    command.addAll(List.of("-E", "lazy_itable_init=0,lazy_journal_init=0"));
    if (inodes.isPresent()) {
      command.addAll(List.of("-N", Long.toString(inodes.getAsLong())));
    }
    command.addAll(List.of("-d", sourceDir.toString(), imageFile.toString()));
    log.debug("running {}", command);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while running mkfs.ext4");
    }
    if (exit != 0) {
      throw new ImageException(failureMessage(sourceDir, imageFile, exit, output));
    }
    log.debug("mkfs.ext4 output: {}", output.strip());
  }

  private static String failureMessage(Path sourceDir, Path imageFile, int exit, String output) {
    String lastLine = "";
    for (String line : output.split("\\R")) {
      if (!line.isBlank()) {
        lastLine = line.strip();
      }
    }
    if (output.contains("No space left on device")) {
      return "no space left on the disk holding "
          + imageFile.getParent()
          + " for the temporary ext4 file and the image ("
          + lastLine
          + ")";
    }
    if (output.contains("Could not allocate")) {
      long size = imageFile.toFile().length();
      return sourceDir
          + " does not fit in an ext4 file system of "
          + size
          + " bytes; give a larger --size or leave it at auto ("
          + lastLine
          + ")";
    }
    return "mkfs.ext4 failed with exit code " + exit + ": " + lastLine;
  }

  private static String executable() throws ImageException {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> dirs = new ArrayList<>(List.of(path.split(":")));
    dirs.addAll(List.of(SBIN_DIRS));
    for (String dir : dirs) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mkfs.ext4"))) {
        return Path.of(dir, "mkfs.ext4").toString();
      }
    }
    throw new ImageException("mkfs.ext4 not found on PATH or in /usr/sbin: install e2fsprogs");
  }
}
