package org.ccsidecar.remotefs.config;

import java.nio.file.Path;
import org.ccsidecar.skr.release.KeyBlob;
import org.ccsidecar.skr.release.KeyDerivation;

/**
 * One entry of {@code azure_filesystems}.
 *
 * @param index position in the array; names the {@code .filesystem-N} directory
 * @param mountPoint absolute, normalized path of the symlink that the app sees
 * @param key the key to release, or null when a raw key is used instead
 * @param keyDerivation HKDF salt and label for RSA keys ({@link KeyDerivation#NONE} when absent)
 * @param rawKey the test key, or null unless given and allowed by {@code --allow-raw-key}
 */
public record FilesystemConfig(
    int index,
    Path mountPoint,
    String azureUrl,
    boolean azureUrlPrivate,
    boolean readWrite,
    KeyBlob key,
    KeyDerivation keyDerivation,
    RawKey rawKey) {

  /** Where the ext4 file system is mounted: {@code <mount_point>/../.filesystem-N}. */
  public Path filesystemDir() {
    return mountPoint.resolveSibling(".filesystem-" + index);
  }

  /** How messages name this filesystem. */
  public String label() {
    return "azure_filesystems[" + index + "] (" + mountPoint + ")";
  }
}
