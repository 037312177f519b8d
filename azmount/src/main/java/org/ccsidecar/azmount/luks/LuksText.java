package org.ccsidecar.azmount.luks;

import java.nio.charset.StandardCharsets;

/** Text fields of binary headers: NUL-terminated ASCII, shown safely in one-line messages. */
final class LuksText {
  private static final int MAX_SHOWN = 64;

  private LuksText() {}

  /** The NUL-terminated string at {@code off} in a field of {@code len} bytes. */
  static String cString(byte[] buf, int off, int len) {
    int end = off;
    while (end < off + len && buf[end] != 0) {
      end++;
    }
    return new String(buf, off, end - off, StandardCharsets.US_ASCII);
  }

  /** {@code s} with control and non-ASCII characters replaced, cut to a readable length. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_SHOWN));
    for (int i = 0; i < s.length() && i < MAX_SHOWN; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (s.length() > MAX_SHOWN) {
      out.append("...");
    }
    return out.toString();
  }
}
