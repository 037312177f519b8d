package org.ccsidecar.azmount.luks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;

/**
 * Strict accessors for LUKS2 JSON metadata. Every failure is a {@link LuksException} naming the
 * field: 64-bit values are decimal strings, smaller ones JSON integers, binary values base64.
 */
final class JsonFields {
  private static final int MAX_U64_DIGITS = 19;

  private JsonFields() {}

  static JsonNode object(JsonNode parent, String field, String where) throws LuksException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw invalid(where + " lacks the object '" + field + "'");
    }
    return node;
  }

  static String text(JsonNode parent, String field, String where) throws LuksException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual()) {
      throw invalid(where + " lacks the string '" + field + "'");
    }
    return node.asText();
  }

  /** A 64-bit value stored as a decimal string, e.g. "16777216"; at most Long.MAX_VALUE. */
  static long u64(JsonNode parent, String field, String where) throws LuksException {
    return u64Text(text(parent, field, where), where + "." + field);
  }

  static long u64Text(String value, String what) throws LuksException {
    boolean digits = !value.isEmpty() && value.length() <= MAX_U64_DIGITS;
    for (int i = 0; digits && i < value.length(); i++) {
      digits = value.charAt(i) >= '0' && value.charAt(i) <= '9';
    }
    if (!digits) {
      throw invalid(what + " '" + LuksText.printable(value) + "' is not a non-negative number");
    }
    return Long.parseLong(value);
  }

  /** A JSON integer in 0..max. */
  static long uint(JsonNode parent, String field, String where, long max) throws LuksException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isIntegralNumber()) {
      throw invalid(where + "." + field + " is missing or not an integer");
    }
    if (!node.canConvertToLong() || node.asLong() < 0 || node.asLong() > max) {
      throw invalid(
          where
              + "."
              + field
              + " "
              + LuksText.printable(node.asText())
              + " out of range 0.."
              + max);
    }
    return node.asLong();
  }

  static byte[] base64(JsonNode parent, String field, String where, int maxBytes)
      throws LuksException {
    String value = text(parent, field, where);
    if (value.length() > (maxBytes + 2) / 3 * 4) {
      throw invalid(where + "." + field + " is longer than " + maxBytes + " bytes");
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw invalid(where + "." + field + " is not base64");
    }
  }

  /** A numbered object key, "0" to "max". */
  static int id(String key, String where, int max) throws LuksException {
    long value = u64Text(key, where + " key");
    if (value > max) {
      throw invalid(where + " " + value + " out of range 0.." + max);
    }
    return (int) value;
  }

  static LuksException invalid(String detail) {
    return new LuksException("invalid LUKS2 metadata: " + detail);
  }
}
