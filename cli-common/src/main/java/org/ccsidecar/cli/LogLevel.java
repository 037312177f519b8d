package org.ccsidecar.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/** The {@code --log-level} values; {@link #apply} sends logs at that level to stderr or a file. */
public enum LogLevel {
  error(Level.ERROR),
  warn(Level.WARN),
  info(Level.INFO),
  debug(Level.DEBUG),
  trace(Level.TRACE);

  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n";

  private final Level level;

  LogLevel(Level level) {
    this.level = level;
  }

  public boolean showsStackTraces() {
    return this == debug || this == trace;
  }

  /**
   * Replaces any Logback configuration: root logger at this level, logs to {@code logFile}
   * (appending) or, when it is null, to stderr.
   */
  public void apply(Path logFile) {
    apply(logFile, List.of());
  }

  /**
   * Like {@link #apply(Path)}, and silences {@code clientLibraries} (logger name prefixes) unless
   * this level shows stack traces: they log every failure themselves, with stack traces, while the
   * command's one-line error already names the cause.
   */
  public void apply(Path logFile, Collection<String> clientLibraries) {
    LoggerContext context = LogbackSetup.configure(level, logFile, PATTERN);
    if (context == null) {
      return;
    }
    LogbackSetup.silenceUnlessDebugging(context, level, clientLibraries);
  }
}
