package org.ccsidecar.azmount.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The {@code --log-level} values; {@link #apply} sends logs at that level to stderr, or to the
 * {@code --log-file}.
 */
enum LogLevel {
  error(Level.ERROR),
  warn(Level.WARN),
  info(Level.INFO),
  debug(Level.DEBUG),
  trace(Level.TRACE);

  private final Level level;

  LogLevel(Level level) {
    this.level = level;
  }

  /** Replaces any logback configuration: one stderr appender, root logger at this level. */
  void apply() {
    apply(null);
  }

  /**
   * Replaces any logback configuration: root logger at this level, one appender writing to {@code
   * logFile} (appending; created when missing) or, when it is null, to stderr.
   */
  void apply(Path logFile) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender;
    if (logFile == null) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget("System.err");
      appender = console;
    } else {
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setFile(logFile.toString());
      file.setAppend(true);
      appender = file;
    }
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(level);
  }
}
