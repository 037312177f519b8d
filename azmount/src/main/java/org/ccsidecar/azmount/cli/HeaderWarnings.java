package org.ccsidecar.azmount.cli;

import java.io.PrintWriter;
import org.ccsidecar.azmount.luks.LuksHeader;

/** Prints a header's warnings (such as one damaged header copy) to stderr for every command. */
final class HeaderWarnings {
  private HeaderWarnings() {}

  static void print(LuksHeader header, PrintWriter err) {
    for (String warning : header.warnings()) {
      err.println("warning: " + warning);
    }
  }
}
