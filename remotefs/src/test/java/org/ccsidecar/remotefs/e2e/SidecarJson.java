package org.ccsidecar.remotefs.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Builds sidecar configurations (the Go schema) for tests. */
final class SidecarJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ObjectNode root = MAPPER.createObjectNode();
  private final ArrayNode filesystems = root.putArray("azure_filesystems");

  /** A filesystem opened with a raw key (needs --allow-raw-key). */
  SidecarJson rawKey(Path mountPoint, String url, boolean readWrite, byte[] key) {
    ObjectNode fs = filesystems.addObject();
    fs.put("mount_point", mountPoint.toString());
    fs.put("azure_url", url);
    fs.put("azure_url_private", false);
    fs.put("read_write", readWrite);
    fs.put("raw_key", EncryptedImages.hex(key));
    return this;
  }

  /**
   * A filesystem whose key is released from the key vault {@code vault} attested by {@code maa}.
   */
  SidecarJson released(
      Path mountPoint, String url, boolean readWrite, String kid, String maa, String vault) {
    ObjectNode fs = filesystems.addObject();
    fs.put("mount_point", mountPoint.toString());
    fs.put("azure_url", url);
    fs.put("read_write", readWrite);
    ObjectNode key = fs.putObject("key");
    key.put("kid", kid);
    key.put("kty", "oct-HSM");
    key.putObject("authority").put("endpoint", maa);
    key.putObject("akv").put("endpoint", vault);
    return this;
  }

  String json() {
    return root.toString();
  }

  String base64() {
    return Base64.getEncoder().encodeToString(json().getBytes(StandardCharsets.UTF_8));
  }
}
