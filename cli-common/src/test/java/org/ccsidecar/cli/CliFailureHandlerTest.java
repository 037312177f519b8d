package org.ccsidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.ccsidecar.cli.CliFailureHandler.UsageHint;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CliFailureHandlerTest {
  @Command(name = "tool")
  static final class Tool implements Callable<Integer> {
    @Option(names = "--count")
    int count;

    @Override
    public Integer call() throws IOException {
      throw new IOException("disk gone", new IllegalStateException("sector 7\nunreadable"));
    }
  }

  private record Run(int exitCode, String err) {}

  private static Run run(boolean stackTraces, UsageHint hint, String... args) {
    StringWriter err = new StringWriter();
    CliFailureHandler handler =
        new CliFailureHandler(() -> stackTraces, CliFailureHandler::describeCauses, hint);
    CommandLine line =
        new CommandLine(new Tool())
            .setErr(new PrintWriter(err, true))
            .setParameterExceptionHandler(handler)
            .setExecutionExceptionHandler(handler);
    return new Run(line.execute(args), err.toString());
  }

  @Test
  void usageErrorOnOneLineWithHint() {
    Run r = run(false, UsageHint.SAME_LINE, "--count", "x");
    assertEquals(CliFailureHandler.USAGE, r.exitCode());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("tool: "), r.err());
    assertTrue(r.err().strip().endsWith("(see 'tool --help')"), r.err());
  }

  @Test
  void usageErrorWithHintOnNextLine() {
    Run r = run(false, UsageHint.NEXT_LINE, "--bogus");
    assertEquals(CliFailureHandler.USAGE, r.exitCode());
    assertEquals(
        "Try 'tool --help' for more information.", r.err().strip().lines().toList().get(1));
  }

  @Test
  void failureIsOneLineNamingTheCauses() {
    Run r = run(false, UsageHint.SAME_LINE);
    assertEquals(CliFailureHandler.FAILURE, r.exitCode());
    assertEquals("tool: disk gone: sector 7; unreadable", r.err().strip());
  }

  @Test
  void stackTraceOnlyWhenAsked() {
    Run r = run(true, UsageHint.SAME_LINE);
    assertEquals(CliFailureHandler.FAILURE, r.exitCode());
    assertTrue(r.err().contains("\tat "), r.err());
  }

  @Test
  void oneLineJoinsLines() {
    assertEquals("a; b", CliFailureHandler.oneLine("  a \r\n  b\n"));
    assertEquals("", CliFailureHandler.oneLine(null));
  }
}
