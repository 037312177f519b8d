package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The top command: help, usage errors, one-line failure messages. */
class AzmountCliTest {

  @Test
  void helpExitsZeroAndNamesTheLogLevelOption() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("--log-level"), run::toString);
  }

  @Test
  void missingOrUnknownSubcommandIsAUsageError() {
    for (String[] args : new String[][] {{}, {"frobnicate"}, {"--bogus"}}) {
      CliRun run = CliRun.of(args);
      assertEquals(2, run.exitCode(), run::toString);
      assertTrue(run.err().contains("Try 'azmount --help'"), run::toString);
      assertFalse(run.err().contains("\tat "), run::toString);
    }
  }

  @Test
  void failureMessagesAreOneLineAndNameTheFile() {
    assertEquals(
        "/x/key: no such file or directory",
        FailureMessages.describe(new NoSuchFileException("/x/key")));
    assertEquals("bad; header", FailureMessages.describe(new IOException("bad\n  header\n")));
    String internal = FailureMessages.describe(new IllegalStateException("boom"));
    assertTrue(internal.startsWith("internal error: "), internal);
    assertFalse(internal.contains("\n"), internal);
  }
}
