package org.ccsidecar.remotefs.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Source trees for images, and the check that a mounted tree holds the same bytes. */
final class Trees {
  private Trees() {}

  /** A small model-repository-like tree: text files, a subdirectory and a random binary. */
  static Path sample(Path dir, long seed) throws IOException {
    Files.createDirectories(dir.resolve("model/1"));
    Files.writeString(
        dir.resolve("model/config.pbtxt"), "name: \"model\"\nbackend: \"onnxruntime\"\n");
    byte[] weights = new byte[3 << 20];
    new Random(seed).nextBytes(weights);
    Files.write(dir.resolve("model/1/model.onnx"), weights);
    Files.writeString(dir.resolve("README.txt"), "seed " + seed + "\n");
    return dir;
  }

  /**
   * Asserts every regular file under {@code source} exists under {@code mounted} with the same
   * SHA-256.
   */
  static int assertSameFiles(Path source, Path mounted) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(source)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertTrue(!files.isEmpty(), "no files under " + source);
    for (Path file : files) {
      Path copy = mounted.resolve(source.relativize(file).toString());
      assertArrayEquals(sha256(file), sha256(copy), "content of " + copy);
    }
    return files.size();
  }

  static byte[] sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
