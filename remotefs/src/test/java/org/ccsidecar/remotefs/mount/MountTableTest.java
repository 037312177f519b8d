package org.ccsidecar.remotefs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {
  @Test
  void unescapesOctalSequences() {
    assertEquals("/mnt/a b\\c", MountTable.unescape("/mnt/a\\040b\\134c"));
    assertEquals("/plain", MountTable.unescape("/plain"));
    assertEquals("/odd\\9", MountTable.unescape("/odd\\9"));
  }

  @Test
  void rootIsAMountPointAndATempDirIsNot() throws IOException {
    assertTrue(MountTable.isMountPoint(Path.of("/")));
    assertFalse(MountTable.isMountPoint(Path.of("/proc/self")));
  }
}
