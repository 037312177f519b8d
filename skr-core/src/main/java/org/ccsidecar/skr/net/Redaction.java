package org.ccsidecar.skr.net;

/**
 * Makes bearer tokens and MAA tokens safe to log: a JWT keeps its header and claims (useful when
 * debugging a policy mismatch) and loses its signature, so it cannot be replayed; anything else is
 * replaced whole.
 */
public final class Redaction {
  private Redaction() {}

  public static String token(String token) {
    if (token == null || token.isEmpty()) {
      return "<none>";
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return "<redacted: not a JWT>";
    }
    return parts[0] + "." + parts[1] + ".***";
  }

  /** Bounded, single-line excerpt of a server's error body for messages. */
  public static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }
}
