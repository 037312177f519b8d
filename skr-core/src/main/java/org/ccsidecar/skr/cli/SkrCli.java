package org.ccsidecar.skr.cli;

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
 * The {@code skr} command: secure key release on AMD SEV-SNP. Each subcommand is its own class,
 * listed in {@code subcommands} below.
 */
@Command(
    name = "skr",
    mixinStandardHelpOptions = true,
    version = "skr 0.1.0",
    description = "Secure key release on AMD SEV-SNP: attestation reports, MAA, Key Vault.",
    footer = {
      "",
      "Also, from the bin/skr launcher (module skr-emulator, kept off the sidecar's classpath):",
      "  emulator --port N --state-dir DIR   Local MAA + Key Vault + IMDS for tests and demos;",
      "                                      prints its endpoints as one JSON line (docs/EMULATOR.md)"
    },
    subcommands = {
      ReportCommand.class,
      AttestCommand.class,
      ReleaseCommand.class,
      ImportKeyCommand.class,
    })
public final class SkrCli implements Runnable {
  /** HTTP and identity libraries under the Azure SDK, heard only at debug and trace. */
  @Spec CommandSpec spec;

  private LogLevel logLevel = LogLevel.info;

  @Option(
      names = "--log-level",
      scope = ScopeType.INHERIT,
      paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default: info); logs go to stderr")
  void setLogLevel(LogLevel level) {
    this.logLevel = level;
    applyLogLevel(level);
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** The configured command line: exit codes 0 ok, 1 failure, 2 usage. */
  public static CommandLine commandLine() {
    SkrCli cli = new SkrCli();
    applyLogLevel(cli.logLevel);
    CliFailureHandler failures =
        new CliFailureHandler(
            () -> cli.logLevel.showsStackTraces(),
            CliFailureHandler::describeCauses,
            UsageHint.SAME_LINE);
    return new CommandLine(cli)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(failures)
        .setExecutionExceptionHandler(failures);
  }

  /** Logs go to stderr, so stdout stays for command output. */
  static void applyLogLevel(LogLevel level) {
    level.apply(null, LogbackSetup.AZURE_CLIENT_LIBRARIES);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
