package org.ccsidecar.remotefs.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the fields of one JSON object, knowing its path in the document, so that every error and
 * warning names the exact field. JSON {@code null} counts as absent, as Go's decoder treats it.
 */
final class ConfigObject {
  private final JsonNode node;
  private final String path;

  private ConfigObject(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static ConfigObject of(JsonNode node, String path) throws ConfigException {
    if (!node.isObject()) {
      throw new ConfigException(path + ": expected an object, got " + describe(node));
    }
    return new ConfigObject(node, path);
  }

  String path() {
    return path;
  }

  String fieldPath(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  String requiredString(String name) throws ConfigException {
    String value = optionalString(name);
    if (value == null) {
      throw new ConfigException(fieldPath(name) + ": missing");
    }
    if (value.isEmpty()) {
      throw new ConfigException(fieldPath(name) + ": must not be empty");
    }
    return value;
  }

  /** The string value, or null when absent. */
  String optionalString(String name) throws ConfigException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new ConfigException(fieldPath(name) + ": expected a string, got " + describe(value));
    }
    return value.textValue();
  }

  boolean optionalBoolean(String name) throws ConfigException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new ConfigException(
          fieldPath(name) + ": expected true or false, got " + describe(value));
    }
    return value.booleanValue();
  }

  List<String> optionalStringList(String name) throws ConfigException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new ConfigException(
          fieldPath(name) + ": expected an array of strings, got " + describe(value));
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (!element.isTextual()) {
        throw new ConfigException(
            fieldPath(name) + "[" + i + "]: expected a string, got " + describe(element));
      }
      result.add(element.textValue());
    }
    return List.copyOf(result);
  }

  /** A reader for the nested object, or null when absent. */
  ConfigObject optionalObject(String name) throws ConfigException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    return of(value, fieldPath(name));
  }

  ConfigObject requiredObject(String name) throws ConfigException {
    ConfigObject reader = optionalObject(name);
    if (reader == null) {
      throw new ConfigException(fieldPath(name) + ": missing");
    }
    return reader;
  }

  /** The elements of a required array. */
  JsonNode requiredArray(String name) throws ConfigException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new ConfigException(fieldPath(name) + ": missing");
    }
    if (!value.isArray()) {
      throw new ConfigException(fieldPath(name) + ": expected an array, got " + describe(value));
    }
    return value;
  }

  /** Reports every field of this object that is not in {@code known}. */
  void warnUnknown(Set<String> known, Consumer<String> warnings) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        warnings.accept(fieldPath(name) + ": unknown field, ignored");
      }
    }
  }

  static String describe(JsonNode value) {
    switch (value.getNodeType()) {
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case ARRAY:
        return "an array";
      case OBJECT:
        return "an object";
      default:
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
