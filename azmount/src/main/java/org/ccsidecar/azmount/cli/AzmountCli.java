package org.ccsidecar.azmount.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ccsidecar.cli.CliFailureHandler;
import org.ccsidecar.cli.CliFailureHandler.UsageHint;
import org.ccsidecar.cli.LogLevel;
import org.ccsidecar.cli.LogbackSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code azmount} command: encrypted LUKS images, created, inspected and decrypted in
 * userspace. Exit codes: 0 success, 1 failure (one line on stderr), 2 usage error.
 */
@Command(
    name = "azmount",
    description = "Work with LUKS2-encrypted ext4 images in userspace (no root, no device-mapper).",
    subcommands = {ImageCommand.class, MountCommand.class},
    usageHelpAutoWidth = true)
public final class AzmountCli implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "warn",
      scope = ScopeType.INHERIT,
      description =
          "Log detail on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); "
              + "debug and trace also print stack traces of failures.")
  LogLevel logLevel = LogLevel.warn;

  @Option(
      names = "--log-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Append the log to FILE instead of writing it to stderr.")
  Path logFile;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  private static Path writableLogFile(CommandLine commandLine, Path logFile) {
    if (logFile == null) {
      return null;
    }
    try {
      Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
      return logFile;
    } catch (IOException e) {
      throw new ParameterException(
          commandLine, "--log-file " + logFile + ": " + FailureMessages.describe(e));
    }
  }

  /** Runs one command line with the given streams and returns its exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    AzmountCli top = new AzmountCli();
    CommandLine commandLine = new CommandLine(top);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    CliFailureHandler handler =
        new CliFailureHandler(
            () -> top.logLevel.showsStackTraces(), FailureMessages::describe, UsageHint.NEXT_LINE);
    commandLine.setParameterExceptionHandler(handler);
    commandLine.setExecutionExceptionHandler(handler);
    commandLine.setExecutionStrategy(
        parseResult -> {
          top.logLevel.apply(
              writableLogFile(commandLine, top.logFile), LogbackSetup.AZURE_CLIENT_LIBRARIES);
          return new CommandLine.RunLast().execute(parseResult);
        });
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
