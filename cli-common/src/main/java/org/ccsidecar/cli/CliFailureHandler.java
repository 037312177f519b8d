package org.ccsidecar.cli;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into exit codes: usage errors exit 2 with the problem and a {@code --help} hint,
 * failures exit 1 with one line naming the cause, each prefixed with the command's qualified name.
 * Stack traces only when {@code stackTraces} says so.
 */
public final class CliFailureHandler
    implements IParameterExceptionHandler, IExecutionExceptionHandler {
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  /** Where a usage error points the user to {@code --help}. */
  public enum UsageHint {
    /** {@code cmd: problem (see 'cmd --help')}: one line. */
    SAME_LINE,
    /** {@code cmd: problem}, then {@code Try 'cmd --help' for more information.} */
    NEXT_LINE
  }

  private final BooleanSupplier stackTraces;
  private final Function<Throwable, String> describe;
  private final UsageHint usageHint;

  /**
   * @param describe the one-line description of a failure a command ends with
   */
  public CliFailureHandler(
      BooleanSupplier stackTraces, Function<Throwable, String> describe, UsageHint usageHint) {
    this.stackTraces = stackTraces;
    this.describe = describe;
    this.usageHint = usageHint;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    String problem = name + ": " + oneLine(ex.getMessage());
    if (usageHint == UsageHint.SAME_LINE) {
      err.println(problem + " (see '" + name + " --help')");
    } else {
      err.println(problem);
      err.println("Try '" + name + " --help' for more information.");
    }
    printTrace(ex, err);
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + describe.apply(ex));
    printTrace(ex, err);
    return FAILURE;
  }

  private void printTrace(Exception ex, PrintWriter err) {
    if (stackTraces.getAsBoolean()) {
      ex.printStackTrace(err);
    }
  }

  /** The exception's message, followed by its causes' messages when they add something. */
  public static String describeCauses(Throwable ex) {
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

  /** {@code message} on one line: line breaks and the blanks around them become "; ". */
  public static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }
}
