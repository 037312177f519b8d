package org.ccsidecar.skr.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ccsidecar.skr.emulator.http.Exchanges;

/**
 * A secure key release policy: {@code {"version": "1.0.0", "anyOf": [{"authority": URL, "allOf" |
 * "anyOf": [conditions]}]}} where a condition is {@code {"claim": NAME, "equals" | "notEquals" |
 * "exists": VALUE}} or a nested {@code anyOf}/{@code allOf}. Claim names may be dotted paths into
 * nested claims ({@code x-ms-runtime.keys}). Values compare as Key Vault compares them: the string
 * "false" equals the boolean false, "0" equals the number 0.
 */
public final class ReleasePolicy {
  private final JsonNode root;
  private final List<Authority> authorities;

  private record Authority(String url, JsonNode condition) {}

  private ReleasePolicy(JsonNode root, List<Authority> authorities) {
    this.root = root;
    this.authorities = authorities;
  }

  /** Parses and validates; {@link IllegalArgumentException} names what is wrong. */
  public static ReleasePolicy parse(byte[] json) {
    JsonNode root;
    try {
      root = Exchanges.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("the release policy is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the release policy is not a JSON object");
    }
    JsonNode anyOf = field(root, "anyOf");
    if (anyOf == null || !anyOf.isArray() || anyOf.isEmpty()) {
      throw new IllegalArgumentException(
          "the release policy needs a non-empty anyOf of authorities");
    }
    List<Authority> authorities = new ArrayList<>();
    for (JsonNode entry : anyOf) {
      JsonNode authority = field(entry, "authority");
      if (authority == null || !authority.isTextual() || authority.asText().isBlank()) {
        throw new IllegalArgumentException(
            "each anyOf entry of the release policy needs an authority");
      }
      JsonNode allOf = field(entry, "allOf");
      JsonNode nestedAnyOf = field(entry, "anyOf");
      if ((allOf == null) == (nestedAnyOf == null)) {
        throw new IllegalArgumentException(
            "authority " + authority.asText() + " needs exactly one of allOf or anyOf");
      }
      JsonNode condition = allOf != null ? wrap("allOf", allOf) : wrap("anyOf", nestedAnyOf);
      validate(condition);
      authorities.add(new Authority(normalizeAuthority(authority.asText()), condition));
    }
    return new ReleasePolicy(root, authorities);
  }

  public JsonNode json() {
    return root;
  }

  public List<String> authorities() {
    return authorities.stream().map(Authority::url).toList();
  }

  public boolean namesAuthority(String issuer) {
    return authorities().contains(normalizeAuthority(issuer));
  }

  /**
   * Evaluates the policy for a token from {@code issuer} with {@code claims}. Empty when the key
   * may be released; otherwise why not, naming the first claim that failed.
   */
  public Optional<String> refusal(String issuer, JsonNode claims) {
    String normalized = normalizeAuthority(issuer);
    String firstFailure = null;
    for (Authority authority : authorities) {
      if (!authority.url.equals(normalized)) {
        continue;
      }
      Optional<String> failure = evaluate(authority.condition, claims);
      if (failure.isEmpty()) {
        return Optional.empty();
      }
      if (firstFailure == null) {
        firstFailure = failure.get();
      }
    }
    if (firstFailure == null) {
      return Optional.of(
          "the token's issuer "
              + issuer
              + " is not an authority named in the key's release policy "
              + authorities());
    }
    return Optional.of(firstFailure);
  }

  /** "https://host" for "host", "HTTPS://Host/"; other URLs as given without a trailing slash. */
  static String normalizeAuthority(String authority) {
    String value = authority.strip();
    if (!value.contains("://")) {
      value = "https://" + value;
    }
    while (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static Optional<String> evaluate(JsonNode condition, JsonNode claims) {
    JsonNode allOf = field(condition, "allOf");
    if (allOf != null) {
      for (JsonNode child : allOf) {
        Optional<String> failure = evaluate(child, claims);
        if (failure.isPresent()) {
          return failure;
        }
      }
      return Optional.empty();
    }
    JsonNode anyOf = field(condition, "anyOf");
    if (anyOf != null) {
      List<String> failures = new ArrayList<>();
      for (JsonNode child : anyOf) {
        Optional<String> failure = evaluate(child, claims);
        if (failure.isEmpty()) {
          return Optional.empty();
        }
        failures.add(failure.get());
      }
      return Optional.of(failures.size() == 1 ? failures.get(0) : "none of " + failures);
    }
    return evaluateClaim(condition, claims);
  }

  private static Optional<String> evaluateClaim(JsonNode condition, JsonNode claims) {
    String name = field(condition, "claim").asText();
    JsonNode actual = claim(claims, name);
    JsonNode exists = field(condition, "exists");
    if (exists != null) {
      boolean wanted = exists.asBoolean(true) || "true".equalsIgnoreCase(exists.asText());
      if ((actual != null) == wanted) {
        return Optional.empty();
      }
      return Optional.of(
          "claim '" + name + "' " + (wanted ? "is missing but must exist" : "must not exist"));
    }
    JsonNode equals = field(condition, "equals");
    boolean negate = equals == null;
    JsonNode expected = negate ? field(condition, "notEquals") : equals;
    boolean same = actual != null && sameValue(actual, expected);
    if (same != negate) {
      return Optional.empty();
    }
    String shown = actual == null ? "missing" : "'" + render(actual) + "'";
    return Optional.of(
        "claim '"
            + name
            + "' is "
            + shown
            + " but the release policy requires it to "
            + (negate ? "differ from" : "equal")
            + " '"
            + render(expected)
            + "'");
  }

  private static JsonNode claim(JsonNode claims, String name) {
    JsonNode direct = claims.get(name);
    if (direct != null) {
      return direct;
    }
    JsonNode node = claims;
    for (String part : name.split("\\.")) {
      if (node == null) {
        return null;
      }
      node =
          node.isArray() && part.matches("\\d+")
              ? node.get(Integer.parseInt(part))
              : node.get(part);
    }
    return node;
  }

  private static boolean sameValue(JsonNode actual, JsonNode expected) {
    if (actual.isNumber() && (expected.isNumber() || expected.isTextual())) {
      try {
        return actual.decimalValue().compareTo(new java.math.BigDecimal(expected.asText())) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (actual.isBoolean()) {
      return expected.isBoolean()
          ? actual.booleanValue() == expected.booleanValue()
          : Boolean.toString(actual.booleanValue()).equalsIgnoreCase(expected.asText());
    }
    if (actual.isValueNode()) {
      return actual
          .asText()
          .equals(expected.isValueNode() ? expected.asText() : expected.toString());
    }
    return actual.equals(expected);
  }

  private static String render(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static void validate(JsonNode condition) {
    if (!condition.isObject()) {
      throw new IllegalArgumentException("a release policy condition must be a JSON object");
    }
    JsonNode group = field(condition, "allOf");
    if (group == null) {
      group = field(condition, "anyOf");
    }
    if (group != null) {
      if (!group.isArray() || group.isEmpty()) {
        throw new IllegalArgumentException(
            "allOf/anyOf in the release policy must be non-empty arrays");
      }
      for (JsonNode child : group) {
        validate(child);
      }
      return;
    }
    JsonNode claim = field(condition, "claim");
    if (claim == null || !claim.isTextual() || claim.asText().isBlank()) {
      throw new IllegalArgumentException(
          "a release policy condition needs a claim name: " + condition);
    }
    int operators = 0;
    for (Map.Entry<String, JsonNode> entry : condition.properties()) {
      String key = entry.getKey().toLowerCase(Locale.ROOT);
      switch (key) {
        case "claim" -> {}
        case "equals", "notequals", "exists" -> operators++;
        default ->
            throw new IllegalArgumentException(
                "the emulator supports equals, notEquals and exists, not '"
                    + key
                    + "' (claim "
                    + claim.asText()
                    + ")");
      }
    }
    if (operators != 1) {
      throw new IllegalArgumentException(
          "claim " + claim.asText() + " needs exactly one of equals, notEquals or exists");
    }
  }

  /** Key Vault matches policy keywords case-insensitively (the grammar writes anyof, allof). */
  private static JsonNode field(JsonNode node, String name) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static JsonNode wrap(String name, JsonNode array) {
    return Exchanges.JSON.createObjectNode().set(name, array);
  }
}
