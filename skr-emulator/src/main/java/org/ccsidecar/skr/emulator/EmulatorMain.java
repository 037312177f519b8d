package org.ccsidecar.skr.emulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ccsidecar.cli.CliFailureHandler;
import org.ccsidecar.cli.CliFailureHandler.UsageHint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skr emulator}: runs the MAA + Key Vault + IMDS emulator in the foreground until SIGTERM or
 * SIGINT. Once listening it prints one JSON line with its endpoints to stdout and writes the same
 * to {@code STATE_DIR/endpoints.json}; logs go to stderr.
 */
@Command(
    name = "skr emulator",
    mixinStandardHelpOptions = true,
    version = "skr emulator 0.1.0",
    description = {
      "Runs a local stand-in for Azure Attestation (SEV-SNP), Key Vault key release and IMDS, for"
          + " tests and demos. TEST ONLY: it accepts fake (unsigned) SNP reports and keeps keys in"
          + " the clear in the state directory.",
      "Prints one JSON line {\"maa\",\"vault\",\"imds\",\"ca_file\"} once listening and writes it"
          + " to STATE_DIR/endpoints.json."
    })
public final class EmulatorMain implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      required = true,
      paramLabel = "N",
      description = "HTTPS port for MAA and Key Vault on 127.0.0.1 (0: any free port)")
  int port;

  @Option(
      names = "--imds-port",
      defaultValue = "0",
      paramLabel = "N",
      description = "HTTP port for IMDS on 127.0.0.1 (default 0: any free port)")
  int imdsPort;

  @Option(
      names = "--state-dir",
      required = true,
      paramLabel = "DIR",
      description = "keys, CA and endpoints.json live here; created if missing")
  Path stateDir;

  @Option(
      names = "--log-level",
      defaultValue = "info",
      paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default: info); logs go to stderr")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    System.setProperty("skr.emulator.log.level", logLevel.toUpperCase(Locale.ROOT));
    PrintWriter err = spec.commandLine().getErr();
    EmulatorServer server;
    try {
      server = EmulatorServer.start(port, imdsPort, stateDir);
    } catch (IOException | RuntimeException e) {
      err.println("skr emulator: cannot start on 127.0.0.1:" + port + ": " + describe(e));
      if (logLevel.equals("debug") || logLevel.equals("trace")) {
        e.printStackTrace(err);
      }
      err.flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "skr-emulator-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(server.endpoints().toJson());
    out.flush();
    stopped.await();
    return 0;
  }

  private void validate() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
    }
    if (imdsPort < 0 || imdsPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--imds-port must be 0..65535, got " + imdsPort);
    }
    logLevel = logLevel.toLowerCase(Locale.ROOT);
    if (!logLevel.matches("error|warn|info|debug|trace")) {
      throw new ParameterException(
          spec.commandLine(), "--log-level must be error, warn, info, debug or trace");
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return CliFailureHandler.oneLine(
        message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
  }

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "skr-emulator-logback.xml");
    }
    System.exit(commandLine().execute(args));
  }

  /** Exit codes: 0 stopped by a signal, 1 could not start (one line on stderr), 2 usage. */
  static CommandLine commandLine() {
    return new CommandLine(new EmulatorMain())
        .setParameterExceptionHandler(
            new CliFailureHandler(
                () -> false, CliFailureHandler::describeCauses, UsageHint.SAME_LINE));
  }
}
