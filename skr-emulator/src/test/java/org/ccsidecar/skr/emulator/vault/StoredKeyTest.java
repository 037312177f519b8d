package org.ccsidecar.skr.emulator.vault;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredKeyTest {
  @Test
  void toStringNeverShowsKeyMaterial() {
    ObjectNode material = JsonNodeFactory.instance.objectNode().put("k", "c2VjcmV0LWtleS1ieXRlcw");
    StoredKey key =
        new StoredKey(
            "disk", "v1", "oct-HSM", List.of(), material, 1, 1, true, true, Map.of(), null, null,
            false);
    String text = key.toString();
    assertFalse(text.contains("c2VjcmV0LWtleS1ieXRlcw"), text);
    assertTrue(text.contains("disk/v1"), text);
  }
}
