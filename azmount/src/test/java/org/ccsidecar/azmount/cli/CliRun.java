package org.ccsidecar.azmount.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of {@code azmount} with captured output. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = AzmountCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Lines written to stderr. */
  long errLines() {
    return err.lines().count();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
