package org.ccsidecar.skr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the {@code skr} command line: its exit code and what it wrote. */
record SkrCliRun(int exit, String out, String err) {
  static SkrCliRun run(String... args) {
    CommandLine cli = SkrCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new SkrCliRun(exit, out.toString(), err.toString());
  }
}
