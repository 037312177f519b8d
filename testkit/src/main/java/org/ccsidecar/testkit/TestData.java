package org.ccsidecar.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's testdata/ directory (reference LUKS images, real SNP evidence). */
public final class TestData {
  private TestData() {}

  public static Path repoRoot() {
    String fromBuild = System.getenv("CCSIDECAR_REPO_ROOT");
    if (fromBuild != null && Files.isDirectory(Path.of(fromBuild, "testdata"))) {
      return Path.of(fromBuild);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("testdata")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the repository root (no testdata/ above cwd)");
  }

  public static Path snp(String name) {
    return repoRoot().resolve("testdata/snp").resolve(name);
  }

  public static Path cryptsetup(String name) {
    return repoRoot().resolve("testdata/cryptsetup").resolve(name);
  }
}
