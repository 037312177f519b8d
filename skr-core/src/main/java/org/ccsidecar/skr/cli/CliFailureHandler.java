package org.ccsidecar.skr.cli;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into exit codes: usage errors exit 2, failures exit 1, each with one line on
 * stderr naming the cause. Stack traces only at --log-level debug or trace.
 */
final class CliFailureHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private final BooleanSupplier stackTraces;

  CliFailureHandler(BooleanSupplier stackTraces) {
    this.stackTraces = stackTraces;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(
        prefix(command) + oneLine(ex.getMessage()) + " (see '" + name(command) + " --help')");
    printTrace(ex, err);
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    err.println(prefix(command) + describe(ex));
    printTrace(ex, err);
    return FAILURE;
  }

  /** The exception's message, followed by its causes' messages when they add something. */
  static String describe(Throwable ex) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = ex; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message == null || message.isBlank()) {
        message = t.getClass().getSimpleName();
      }
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return oneLine(text.toString());
  }

  private static String name(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }

  private static String prefix(CommandLine command) {
    return name(command) + ": ";
  }

  private void printTrace(Exception ex, PrintWriter err) {
    if (stackTraces.getAsBoolean()) {
      ex.printStackTrace(err);
    }
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }
}
