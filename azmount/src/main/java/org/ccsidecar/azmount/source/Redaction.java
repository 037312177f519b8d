package org.ccsidecar.azmount.source;

import java.util.regex.Pattern;

/**
 * Removes secrets from text bound for logs and exception messages: SAS signatures ({@code sig=}),
 * account keys and SAS tokens in connection strings, and bearer tokens.
 */
public final class Redaction {
  public static final String REDACTED = "REDACTED";

  private static final Pattern SAS_SIGNATURE =
      Pattern.compile("(?i)((?:^|[?&;\\s])sig=)[^&;\\s\"'<>]+");
  private static final Pattern CONNECTION_STRING_SECRET =
      Pattern.compile("(?i)((?:AccountKey|SharedAccessSignature)=)[^;\\s\"']+");
  private static final Pattern BEARER = Pattern.compile("(?i)(Bearer\\s+)[A-Za-z0-9._~+/=-]{16,}");

  private Redaction() {}

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = SAS_SIGNATURE.matcher(text).replaceAll("$1" + REDACTED);
    out = CONNECTION_STRING_SECRET.matcher(out).replaceAll("$1" + REDACTED);
    return BEARER.matcher(out).replaceAll("$1" + REDACTED);
  }

  /** True when {@link #redact} would change {@code text}. */
  public static boolean containsSecret(String text) {
    return text != null && !text.equals(redact(text));
  }
}
