package org.ccsidecar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogLevelTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void restore() {
    LogLevel.info.apply(null);
  }

  @Test
  void logFileIsAppendedToAtTheLevel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cli.log");
    Files.writeString(file, "earlier\n");
    LogLevel.warn.apply(file);
    LoggerFactory.getLogger("org.example.Thing").warn("disk nearly full");
    LoggerFactory.getLogger("org.example.Thing").info("not written");
    String log = Files.readString(file);
    assertTrue(log.startsWith("earlier\n"), log);
    assertTrue(log.contains("WARN  Thing: disk nearly full"), log);
    assertFalse(log.contains("not written"), log);
  }

  @Test
  void clientLibrariesSilentUnlessStackTracesShow() {
    LogLevel.info.apply(null, List.of("com.example.http"));
    assertEquals(Level.OFF, context.getLogger("com.example.http.Client").getEffectiveLevel());
    assertEquals(Level.INFO, context.getLogger("org.example.Thing").getEffectiveLevel());
    LogLevel.trace.apply(null, List.of("com.example.http"));
    assertEquals(Level.TRACE, context.getLogger("com.example.http.Client").getEffectiveLevel());
  }

  @Test
  void onlyDebugAndTraceShowStackTraces() {
    assertFalse(LogLevel.info.showsStackTraces());
    assertTrue(LogLevel.debug.showsStackTraces());
    assertTrue(LogLevel.trace.showsStackTraces());
  }
}
