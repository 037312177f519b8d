package org.ccsidecar.azmount.luks;

import static org.ccsidecar.azmount.luks.JsonFields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a LUKS2 JSON area into the header model, refusing what cryptsetup would refuse. */
final class Luks2MetadataParser {
  static final int MAX_OBJECTS = 31;
  static final long MAX_KEYSLOTS_SIZE = 128L * 1024 * 1024;
  private static final int MAX_DIGEST_BYTES = 128;
  private static final long U32 = 0xffffffffL;

  private Luks2MetadataParser() {}

  /**
   * @param hdrSize size of one header copy (binary header plus JSON area)
   * @param deviceSize image size, to refuse truncated images
   */
  static LuksHeader parse(
      JsonNode root, long hdrSize, long deviceSize, String uuid, List<String> warnings)
      throws LuksException {
    if (!root.isObject()) {
      throw invalid("the JSON area is not an object");
    }
    JsonNode config = JsonFields.object(root, "config", "metadata");
    long jsonSize = JsonFields.u64(config, "json_size", "config");
    if (jsonSize != hdrSize - Luks2HeaderParser.BINARY_BYTES) {
      throw invalid("config.json_size " + jsonSize + " does not match the header size " + hdrSize);
    }
    long keyslotsSize = JsonFields.u64(config, "keyslots_size", "config");
    if (keyslotsSize % 4096 != 0 || keyslotsSize > MAX_KEYSLOTS_SIZE) {
      throw invalid(
          "config.keyslots_size " + keyslotsSize + " is not a multiple of 4096 up to 128 MiB");
    }
    checkRequirements(config);
    long keyslotsStart = 2 * hdrSize;
    long keyslotsEnd = keyslotsStart + keyslotsSize;

    LuksSegment segment = segment(JsonFields.object(root, "segments", "metadata"));
    if (segment.offset() < keyslotsEnd) {
      throw new LuksException(
          "data segment offset "
              + segment.offset()
              + " overlaps the LUKS2 header and keyslots (end at "
              + keyslotsEnd
              + ")"
              + (segment.offset() == 0 ? "; detached headers are not supported" : ""));
    }
    long needed =
        segment.size() == LuksSegment.DYNAMIC
            ? segment.offset()
            : segment.offset() + segment.size();
    if (segment.size() != LuksSegment.DYNAMIC
        && segment.size() > Long.MAX_VALUE - segment.offset()) {
      throw invalid("segment size " + segment.size() + " overflows");
    }
    if (deviceSize < needed) {
      throw new LuksException(
          "image is shorter than its header says: "
              + deviceSize
              + " bytes, data segment needs "
              + needed);
    }

    List<LuksKeyslotInfo> slots =
        keyslots(JsonFields.object(root, "keyslots", "metadata"), warnings);
    KeyslotAreas.check(slots, keyslotsStart, keyslotsEnd);
    List<LuksDigest> digests = digests(JsonFields.object(root, "digests", "metadata"));
    JsonFields.object(root, "tokens", "metadata");
    return new LuksHeader(2, uuid, segment, slots, digests, warnings);
  }

  private static void checkRequirements(JsonNode config) throws LuksException {
    JsonNode requirements = config.get("requirements");
    if (requirements == null) {
      return;
    }
    JsonNode mandatory = requirements.get("mandatory");
    if (mandatory != null && mandatory.isArray() && !mandatory.isEmpty()) {
      throw new LuksException(
          "unsupported LUKS2 requirement '"
              + LuksText.printable(mandatory.get(0).asText())
              + "' (e.g. an unfinished reencryption)");
    }
  }

  private static LuksSegment segment(JsonNode segments) throws LuksException {
    if (segments.size() != 1) {
      throw new LuksException(
          "LUKS2 image with "
              + segments.size()
              + " data segments is not supported (one expected; a reencryption in progress?)");
    }
    Map.Entry<String, JsonNode> entry = segments.properties().iterator().next();
    int id = JsonFields.id(entry.getKey(), "segment", MAX_OBJECTS);
    JsonNode s = entry.getValue();
    String where = "segment " + id;
    if (!s.isObject()) {
      throw invalid(where + " is not an object");
    }
    String type = JsonFields.text(s, "type", where);
    if (!type.equals("crypt")) {
      throw new LuksException("unsupported segment type '" + LuksText.printable(type) + "'");
    }
    if (s.has("integrity")) {
      throw new LuksException("unsupported: segment " + id + " uses dm-integrity");
    }
    long offset = JsonFields.u64(s, "offset", where);
    String sizeText = JsonFields.text(s, "size", where);
    long size =
        sizeText.equals("dynamic")
            ? LuksSegment.DYNAMIC
            : JsonFields.u64Text(sizeText, where + ".size");
    long ivTweak = JsonFields.u64(s, "iv_tweak", where);
    String encryption = JsonFields.text(s, "encryption", where);
    long sectorSize = JsonFields.uint(s, "sector_size", where, U32);
    if (sectorSize < 512 || sectorSize > 4096 || Long.bitCount(sectorSize) != 1) {
      throw new LuksException("unsupported sector size " + sectorSize + " (512 to 4096)");
    }
    if (offset % 512 != 0) {
      throw invalid(where + ".offset " + offset + " is not a multiple of 512");
    }
    if (size != LuksSegment.DYNAMIC && size % sectorSize != 0) {
      throw invalid(where + ".size " + size + " is not a multiple of the sector size");
    }
    return new LuksSegment(id, offset, size, ivTweak, encryption, (int) sectorSize);
  }

  private static List<LuksKeyslotInfo> keyslots(JsonNode keyslots, List<String> warnings)
      throws LuksException {
    List<LuksKeyslotInfo> slots = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : keyslots.properties()) {
      int id = JsonFields.id(entry.getKey(), "keyslot", MAX_OBJECTS);
      String where = "keyslot " + id;
      JsonNode k = entry.getValue();
      if (!k.isObject()) {
        throw invalid(where + " is not an object");
      }
      String type = JsonFields.text(k, "type", where);
      if (!type.equals("luks2")) {
        warnings.add("keyslot " + id + " of type '" + LuksText.printable(type) + "' ignored");
        continue;
      }
      slots.add(keyslot(id, k, where));
    }
    slots.sort((a, b) -> Integer.compare(a.id(), b.id()));
    return slots;
  }

  private static LuksKeyslotInfo keyslot(int id, JsonNode k, String where) throws LuksException {
    long keySize = JsonFields.uint(k, "key_size", where, U32);
    JsonNode af = JsonFields.object(k, "af", where);
    String afType = JsonFields.text(af, "type", where + ".af");
    if (!afType.equals("luks1")) {
      throw new LuksException(
          "unsupported AF type '" + LuksText.printable(afType) + "' in " + where);
    }
    long stripes = JsonFields.uint(af, "stripes", where + ".af", U32);
    String afHash = JsonFields.text(af, "hash", where + ".af");
    JsonNode area = JsonFields.object(k, "area", where);
    String areaType = JsonFields.text(area, "type", where + ".area");
    if (!areaType.equals("raw")) {
      throw new LuksException(
          "unsupported keyslot area type '" + LuksText.printable(areaType) + "' in " + where);
    }
    long areaOffset = JsonFields.u64(area, "offset", where + ".area");
    long areaSize = JsonFields.u64(area, "size", where + ".area");
    String areaCipher = JsonFields.text(area, "encryption", where + ".area");
    long areaKeySize = JsonFields.uint(area, "key_size", where + ".area", U32);
    LuksKdf kdf = kdf(JsonFields.object(k, "kdf", where), where + ".kdf");
    long priority = k.has("priority") ? JsonFields.uint(k, "priority", where, 2) : 1;
    if (keySize > KeyslotAreas.MAX_KEY_BYTES || areaKeySize > KeyslotAreas.MAX_KEY_BYTES) {
      throw new LuksException(
          where + ": key size " + Math.max(keySize, areaKeySize) + " bytes out of range");
    }
    if (stripes > KeyslotAreas.MAX_STRIPES) {
      throw new LuksException(where + ": AF stripes " + stripes + " out of range");
    }
    return new LuksKeyslotInfo(
        id,
        (int) keySize,
        kdf,
        afHash,
        (int) stripes,
        areaCipher,
        (int) areaKeySize,
        areaOffset,
        areaSize,
        (int) priority);
  }

  private static LuksKdf kdf(JsonNode kdf, String where) throws LuksException {
    String type = JsonFields.text(kdf, "type", where);
    byte[] salt = JsonFields.base64(kdf, "salt", where, LuksKdf.MAX_SALT_BYTES);
    switch (type) {
      case "pbkdf2":
        return LuksKdf.pbkdf2(
            JsonFields.text(kdf, "hash", where),
            JsonFields.uint(kdf, "iterations", where, U32),
            salt);
      case "argon2i":
      case "argon2id":
        return LuksKdf.argon2(
            type,
            JsonFields.uint(kdf, "time", where, U32),
            (int) JsonFields.uint(kdf, "memory", where, Integer.MAX_VALUE),
            (int) JsonFields.uint(kdf, "cpus", where, Integer.MAX_VALUE),
            salt);
      default:
        throw new LuksException(
            "unsupported KDF '"
                + LuksText.printable(type)
                + "' in "
                + where
                + " (supported: pbkdf2, argon2i, argon2id)");
    }
  }

  private static List<LuksDigest> digests(JsonNode digests) throws LuksException {
    List<LuksDigest> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : digests.properties()) {
      int id = JsonFields.id(entry.getKey(), "digest", MAX_OBJECTS);
      String where = "digest " + id;
      JsonNode d = entry.getValue();
      if (!d.isObject()) {
        throw invalid(where + " is not an object");
      }
      String type = JsonFields.text(d, "type", where);
      if (!type.equals("pbkdf2")) {
        throw new LuksException(
            "unsupported digest type '" + LuksText.printable(type) + "' in " + where);
      }
      out.add(
          new LuksDigest(
              JsonFields.text(d, "hash", where),
              JsonFields.uint(d, "iterations", where, U32),
              JsonFields.base64(d, "salt", where, LuksKdf.MAX_SALT_BYTES),
              JsonFields.base64(d, "digest", where, MAX_DIGEST_BYTES),
              ids(d, "keyslots", where),
              ids(d, "segments", where)));
    }
    return out;
  }

  private static Set<Integer> ids(JsonNode parent, String field, String where)
      throws LuksException {
    JsonNode array = parent.get(field);
    if (array == null || !array.isArray()) {
      throw invalid(where + " lacks the array '" + field + "'");
    }
    Set<Integer> ids = new HashSet<>();
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        throw invalid(where + "." + field + " holds a non-string");
      }
      ids.add(JsonFields.id(element.asText(), where + "." + field, MAX_OBJECTS));
    }
    return Set.copyOf(ids);
  }
}
