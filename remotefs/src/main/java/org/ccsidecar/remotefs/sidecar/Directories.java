package org.ccsidecar.remotefs.sidecar;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Creates missing directories and registers their removal, so nothing is left behind. */
final class Directories {
  private Directories() {}

  /**
   * Creates {@code dir} and its missing parents; each one created is removed again by {@code
   * teardown} if it is empty by then (someone else's files are never removed).
   */
  static void createMissing(Path dir, Teardown teardown) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir;
        p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      teardown.push("remove directory " + p, () -> removeIfEmpty(p));
    }
  }

  private static void removeIfEmpty(Path dir) throws IOException {
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException e) {
      // left for whoever put files there
    }
  }
}
