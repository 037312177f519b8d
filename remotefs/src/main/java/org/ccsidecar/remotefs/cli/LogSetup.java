package org.ccsidecar.remotefs.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import java.util.Locale;
import org.ccsidecar.cli.LogbackSetup;

/**
 * Configures Logback from {@code --log-level} and {@code --log-file}: one destination (the file,
 * appended to, or stderr), one pattern. Accepts the Go sidecar's level names (trace, debug, info,
 * warning, error, fatal, panic).
 */
final class LogSetup {
  private LogSetup() {}

  /** Called before anything logs, so Logback never scans the classpath for other configs. */
  static void preventAutoConfiguration() {
    System.setProperty("logback.configurationFile", "remotefs-logback.xml");
  }

  static Level parseLevel(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "trace":
        return Level.TRACE;
      case "debug":
        return Level.DEBUG;
      case "info":
        return Level.INFO;
      case "warn":
      case "warning":
        return Level.WARN;
      case "error":
      case "fatal":
      case "panic":
        return Level.ERROR;
      default:
        throw new IllegalArgumentException(
            "unknown log level '" + name + "' (trace, debug, info, warning, error)");
    }
  }

  /**
   * Sends every log line at {@code level} or above to {@code logFile} (appending) or, when null, to
   * stderr.
   */
  static void configure(Level level, Path logFile) {
    LoggerContext context =
        LogbackSetup.configure(
            level, logFile, "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{0}: %msg%n");
    if (context == null) {
      return;
    }
    LogbackSetup.silenceUnlessDebugging(context, level, LogbackSetup.AZURE_CLIENT_LIBRARIES);
    if (level == Level.DEBUG) {
      // Their HTTP wire details stay out unless tracing.
      for (String library : LogbackSetup.AZURE_CLIENT_LIBRARIES) {
        context.getLogger(library).setLevel(Level.WARN);
      }
    }
  }

  /** Whether log lines reach stderr (then error lines are not logged a second time). */
  static boolean logsToStderr(Path logFile) {
    return logFile == null;
  }
}
