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
import java.util.Collection;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Applies a command line's {@code --log-level} and {@code --log-file} to Logback. */
public final class LogbackSetup {
  /** The Azure SDK, MSAL and Netty: they log every failure themselves, with stack traces. */
  public static final List<String> AZURE_CLIENT_LIBRARIES =
      List.of("com.azure", "com.microsoft.aad.msal4j", "reactor", "io.netty");

  private LogbackSetup() {}

  /**
   * Turns {@code libraries} (logger name prefixes) off unless {@code level} is DEBUG or finer: the
   * command's own one-line error already names the cause of a failure they would report.
   */
  public static void silenceUnlessDebugging(
      LoggerContext context, Level level, Collection<String> libraries) {
    boolean debugging = !level.isGreaterOrEqual(Level.INFO);
    for (String library : libraries) {
      context.getLogger(library).setLevel(debugging ? level : Level.OFF);
    }
  }

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
