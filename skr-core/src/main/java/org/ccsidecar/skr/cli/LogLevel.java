package org.ccsidecar.skr.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The {@code --log-level} values; {@link #apply()} sends logs at that level to stderr. */
enum LogLevel {
  error(Level.ERROR),
  warn(Level.WARN),
  info(Level.INFO),
  debug(Level.DEBUG),
  trace(Level.TRACE);

  /** HTTP and identity libraries under the Azure SDK, heard only at debug and trace. */
  static final List<String> CLIENT_LIBRARIES =
      List.of("com.azure", "com.microsoft.aad.msal4j", "reactor.netty", "io.netty");

  private final Level level;

  LogLevel(Level level) {
    this.level = level;
  }

  boolean showsStackTraces() {
    return this == debug || this == trace;
  }

  /** Replaces any logback configuration: stdout stays for command output, logs go to stderr. */
  void apply() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(level);
    for (String library : CLIENT_LIBRARIES) {
      // they log every failure themselves, with stack traces; our one-line errors name the cause
      context.getLogger(library).setLevel(showsStackTraces() ? level : Level.OFF);
    }
  }
}
