package org.ccsidecar.skr.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.util.regex.Pattern;

/**
 * One clean line for a Jackson parse failure: Jackson's own reason without its source excerpt or
 * internal API names, plus the line and column. Callers put this in their message and do not chain
 * the Jackson exception, whose message would repeat the reason with the raw input.
 */
public final class JsonErrors {
  /**
   * Jackson's pointers to its own API, e.g. "from `StreamReadConstraints.getMaxNestingDepth()`".
   */
  private static final Pattern API_REFERENCE = Pattern.compile(",?\\s*from `[^`]*`");

  /**
   * Jackson's excerpt of the input, e.g. "(start marker at [Source: ...; line: 1, column: 22])".
   */
  private static final Pattern SOURCE_EXCERPT =
      Pattern.compile("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)");

  private JsonErrors() {}

  public static String describe(JacksonException e) {
    String reason = reason(e);
    JsonLocation where = e.getLocation();
    if (where == null || where.getLineNr() < 1) {
      return reason;
    }
    return reason + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }

  /** Jackson's reason alone: first line, without source excerpts or internal API names. */
  public static String reason(JacksonException e) {
    String reason = String.valueOf(e.getOriginalMessage());
    int newline = reason.indexOf('\n');
    if (newline >= 0) {
      reason = reason.substring(0, newline);
    }
    reason = SOURCE_EXCERPT.matcher(reason).replaceAll("");
    return API_REFERENCE.matcher(reason).replaceAll("").strip();
  }
}
