package org.ccsidecar.remotefs.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The symlink {@code mount_point -> .filesystem-N} through which the app sees a filesystem. It is
 * created under a temporary name and renamed into place, so the path appears only complete.
 */
public final class MountPointLink {
  private final Path link;
  private final Path target;

  private MountPointLink(Path link, Path target) {
    this.link = link;
    this.target = target;
  }

  /**
   * Checks that {@code link} may become the symlink: absent, or a symlink left by an earlier run.
   */
  public static void checkAvailable(Path link) throws IOException {
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
      throw new IOException(
          link + " exists and is not a symlink; remove it or choose another mount_point");
    }
  }

  /**
   * Atomically points {@code link} at {@code target}, a sibling directory, with a relative target
   * so the link also resolves inside containers that mount the parent elsewhere.
   */
  public static MountPointLink publish(Path link, Path target) throws IOException {
    checkAvailable(link);
    Path relative = link.getParent().relativize(target);
    Path temporary = link.resolveSibling("." + link.getFileName() + ".remotefs-tmp");
    Files.deleteIfExists(temporary);
    Files.createSymbolicLink(temporary, relative);
    try {
      Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    return new MountPointLink(link, relative);
  }

  public Path link() {
    return link;
  }

  /** Removes the symlink if it still points where this sidecar put it. */
  public void remove() throws IOException {
    if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
      Files.delete(link);
    }
  }
}
