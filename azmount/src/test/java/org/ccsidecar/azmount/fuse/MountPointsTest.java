package org.ccsidecar.azmount.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountPointsTest {
  @Test
  void unescapesOctalSequences() {
    assertEquals("/mnt/a b\\c", MountPoints.unescape("/mnt/a\\040b\\134c"));
    assertEquals("/plain", MountPoints.unescape("/plain"));
    assertEquals("/odd\\9", MountPoints.unescape("/odd\\9"));
  }

  @Test
  void rootIsAMountPointAndATempDirIsNot() throws IOException {
    assertTrue(MountPoints.isMountPoint(Path.of("/")));
    assertFalse(MountPoints.isMountPoint(Path.of("/proc/self")));
  }
}
