package org.ccsidecar.skr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.ccsidecar.cli.LogLevel;
import org.ccsidecar.cli.LogbackSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SkrCliLogLevelTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void restore() {
    SkrCli.applyLogLevel(LogLevel.info);
  }

  @Test
  void clientLibrariesAreSilentBelowDebug() {
    SkrCli.applyLogLevel(LogLevel.info);
    for (String library : LogbackSetup.AZURE_CLIENT_LIBRARIES) {
      assertEquals(Level.OFF, context.getLogger(library + ".x").getEffectiveLevel(), library);
    }
    assertEquals(Level.INFO, context.getLogger("org.ccsidecar.skr.release.X").getEffectiveLevel());
  }

  @Test
  void clientLibrariesSpeakAtDebug() {
    SkrCli.applyLogLevel(LogLevel.debug);
    assertEquals(Level.DEBUG, context.getLogger("com.azure.core.http.Client").getEffectiveLevel());
    assertEquals(Level.DEBUG, context.getLogger("reactor.netty.Http").getEffectiveLevel());
  }
}
