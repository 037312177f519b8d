package org.ccsidecar.cli;

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

/** Applies a command line's {@code --log-level} and {@code --log-file} to Logback. */
public final class LogbackSetup {
  private LogbackSetup() {}

  /**
   * Replaces any Logback configuration: root logger at {@code level}, one appender writing lines in
   * {@code pattern} to {@code logFile} (appending; created when missing) or, when it is null, to
   * stderr, so stdout stays for command output.
   *
   * @return the configured context, or null when Logback is not the SLF4J binding
   */
  public static LoggerContext configure(Level level, Path logFile, String pattern) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null;
    }
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
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
    return context;
  }
}
