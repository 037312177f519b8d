package org.ccsidecar.azmount.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test file trees: random content to put into an image, and SHA-256 of every file in a tree. */
final class FileTrees {
  private FileTrees() {}

  /** Writes {@code count} files of random sizes up to {@code maxBytes} in a few sub-directories. */
  static void populate(Path root, int count, int maxBytes, long seed) throws IOException {
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
      Path dir = Files.createDirectories(root.resolve("dir" + (i % 3)).resolve("sub" + (i % 2)));
      byte[] content = new byte[random.nextInt(maxBytes + 1)];
      random.nextBytes(content);
      Files.write(dir.resolve("file" + i + ".bin"), content);
    }
  }

  /** Relative path to SHA-256 (hex) of every regular file under {@code root}. */
  static Map<String, String> sha256(Path root) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String relative = root.relativize(file).toString();
        if (!relative.startsWith("lost+found")) {
          hashes.put(relative, sha256File(file));
        }
      }
    }
    return hashes;
  }

  static String sha256File(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** An ext4 image of {@code megabytes} MiB holding a copy of {@code content} (mkfs.ext4 -d). */
  static void mkfsExt4(Path image, int megabytes, Path content) throws IOException {
    KernelMounts.run(
        "mkfs.ext4", "-q", "-F", "-d", content.toString(), image.toString(), megabytes + "M");
  }
}
