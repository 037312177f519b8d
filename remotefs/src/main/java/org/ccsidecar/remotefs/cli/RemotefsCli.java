package org.ccsidecar.remotefs.cli;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ccsidecar.cli.CliFailureHandler;
import org.ccsidecar.cli.CliFailureHandler.UsageHint;
import org.ccsidecar.remotefs.config.ConfigException;
import org.ccsidecar.remotefs.config.ConfigParser;
import org.ccsidecar.remotefs.config.ConfigSource;
import org.ccsidecar.remotefs.config.FilesystemConfig;
import org.ccsidecar.remotefs.config.ParsedConfig;
import org.ccsidecar.remotefs.config.SidecarConfig;
import org.ccsidecar.remotefs.mount.StatusFile;
import org.ccsidecar.remotefs.sidecar.BlobFilesystemStarter;
import org.ccsidecar.remotefs.sidecar.FilesystemStarter;
import org.ccsidecar.remotefs.sidecar.Sidecar;
import org.ccsidecar.remotefs.sidecar.StartException;
import org.ccsidecar.remotefs.sidecar.Teardown;
import org.ccsidecar.skr.release.SecureKeyRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code remotefs}: the encrypted-filesystem sidecar. Runs in the foreground until SIGTERM. */
@Command(
    name = "remotefs",
    mixinStandardHelpOptions = true,
    version = "remotefs 0.1.0",
    sortOptions = false,
    description = {
      "Mounts encrypted (LUKS) filesystem images from Azure Blob Storage, decrypted with keys"
          + " released by secure key release, and links each at its mount_point.",
      "Configuration: the Go sidecar's JSON, from --base64, --config or the environment variable"
          + " EncfsSideCarArgs (base64).",
      "Writes 1 to the status file when every filesystem is mounted (0 on failure, exit 1)."
          + " SIGTERM/SIGINT unmount everything and exit 0."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:stopped cleanly by SIGTERM/SIGINT",
      "1:configuration or start failed (one line on stderr)",
      "2:usage error"
    })
public final class RemotefsCli implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RemotefsCli.class);

  static final class Input {
    @Option(
        names = {"--base64", "-base64"},
        paramLabel = "B64",
        description = "Configuration JSON, base64 (standard alphabet).")
    String base64;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration JSON file.")
    Path config;
  }

  @ArgGroup(exclusive = true)
  Input input = new Input();

  @Option(
      names = {"--log-level", "-loglevel"},
      paramLabel = "L",
      defaultValue = "info",
      description = "trace, debug, info, warning or error (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = {"--log-file", "-logfile"},
      paramLabel = "F",
      description = "Append log lines to this file instead of stderr.")
  Path logFile;

  @Option(
      names = "--status-file",
      paramLabel = "F",
      defaultValue = "result",
      description = "Gets 1 when ready, 0 on failure (default: ${DEFAULT-VALUE}).")
  Path statusFile;

  @Option(
      names = "--allow-raw-key",
      description = "Use raw_key from the configuration (testing only; skips key release).")
  boolean allowRawKey;

  @Option(
      names = "--fake-attestation",
      description = "Use a fake SEV-SNP report (local testing with the emulator only).")
  boolean fakeAttestation;

  @Spec CommandSpec spec;

  private final StarterFactory starters;

  /** Builds the starter for a validated configuration. */
  @FunctionalInterface
  interface StarterFactory {
    FilesystemStarter create(SidecarConfig config, boolean fakeAttestation, Teardown afterAll)
        throws IOException;
  }

  RemotefsCli(StarterFactory starters) {
    this.starters = starters;
  }

  public static void main(String[] args) {
    // Key releases need an RSA key (most of a second in a fresh JVM): make it during start-up.
    SecureKeyRelease.prepare();
    LogSetup.preventAutoConfiguration();
    System.exit(commandLine(new RemotefsCli(BlobFilesystemStarter::create)).execute(args));
  }

  static CommandLine commandLine(RemotefsCli cli) {
    CommandLine line = new CommandLine(cli);
    line.setParameterExceptionHandler(
        new CliFailureHandler(() -> false, CliFailureHandler::describeCauses, UsageHint.NEXT_LINE));
    line.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("remotefs: internal error: " + e);
          LOG.debug("internal error", e);
          return 1;
        });
    return line;
  }

  @Override
  public Integer call() throws Exception {
    Level level;
    try {
      level = LogSetup.parseLevel(logLevel);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--log-level: " + e.getMessage());
    }
    if (logFile != null) {
      try (OutputStream probe =
          Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        // only checks that the file can be appended to
      } catch (IOException e) {
        spec.commandLine().getErr().println("--log-file " + logFile + ": cannot write");
        return 1;
      }
    }
    LogSetup.configure(level, logFile);
    StatusFile status = new StatusFile(statusFile);
    try {
      status.clear();
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("--status-file " + statusFile + ": cannot remove (" + e + ")");
      return 1;
    }

    ParsedConfig parsed;
    try {
      byte[] json = ConfigSource.read(input.base64, input.config, System.getenv());
      parsed = new ConfigParser(allowRawKey).parse(json);
    } catch (ConfigException e) {
      return fail(status, e.getMessage());
    }
    parsed.warnings().forEach(LOG::warn);
    SidecarConfig config = parsed.config();
    if (fakeAttestation) {
      LOG.warn("--fake-attestation: using a fake SEV-SNP report; local testing only");
    }
    LOG.info(
        "starting {} filesystem(s): {}",
        config.filesystems().size(),
        config.filesystems().stream()
            .map(FilesystemConfig::mountPoint)
            .map(Path::toString)
            .collect(Collectors.joining(", ")));

    Lifecycle lifecycle = new Lifecycle();
    lifecycle.installSignalHandlers();
    Teardown shared = new Teardown("remotefs");
    Sidecar sidecar;
    try {
      FilesystemStarter starter = starters.create(config, fakeAttestation, shared);
      sidecar = Sidecar.start(config.filesystems(), starter, shared);
    } catch (StartException | IOException e) {
      shared.runAll();
      return fail(status, e.getMessage());
    }
    try {
      status.ready();
    } catch (IOException e) {
      sidecar.close();
      return fail(status, "status file " + status.path() + ": cannot write (" + e + ")");
    }
    LOG.info(
        "ready: {} filesystem(s) mounted; status {} = 1",
        config.filesystems().size(),
        status.path());
    lifecycle.awaitStop();
    sidecar.close();
    LOG.info("stopped");
    return 0;
  }

  private int fail(StatusFile status, String message) {
    spec.commandLine().getErr().println(message);
    if (!LogSetup.logsToStderr(logFile)) {
      LOG.error("{}", message);
    }
    try {
      status.failed();
    } catch (IOException e) {
      LOG.warn("cannot write status file {}: {}", status.path(), e.getMessage());
    }
    return 1;
  }
}
