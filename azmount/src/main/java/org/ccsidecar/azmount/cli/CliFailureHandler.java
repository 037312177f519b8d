package org.ccsidecar.azmount.cli;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into exit codes: usage errors exit 2 with the problem and a hint, failures exit 1
 * with one line naming the cause. Stack traces only when {@code debug} says so.
 */
final class CliFailureHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private final BooleanSupplier debug;

  CliFailureHandler(BooleanSupplier debug) {
    this.debug = debug;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(prefix(command) + oneLine(ex.getMessage()));
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    printTraceIfDebug(ex, err);
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    err.println(prefix(command) + FailureMessages.describe(ex));
    printTraceIfDebug(ex, err);
    return FAILURE;
  }

  private static String prefix(CommandLine command) {
    return command.getCommandSpec().qualifiedName() + ": ";
  }

  private void printTraceIfDebug(Exception ex, PrintWriter err) {
    if (debug.getAsBoolean()) {
      ex.printStackTrace(err);
    }
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }
}
