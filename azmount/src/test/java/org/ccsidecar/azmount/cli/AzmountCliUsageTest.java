package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage errors exit 2 with a hint, help exits 0; no command here needs a LUKS image. */
class AzmountCliUsageTest {
  @Test
  void helpListsImageSubcommandsAndExitsZero() {
    CliRun run = CliRun.of("image", "--help");
    assertEquals(0, run.exitCode(), run::toString);
    for (String sub : new String[] {"info", "decrypt", "verify-key"}) {
      assertTrue(run.out().contains(sub), () -> sub + " missing from help: " + run);
    }
  }

  @Test
  void everyOptionOfEverySubcommandHasHelpText() {
    picocli.CommandLine top = new picocli.CommandLine(new AzmountCli());
    top.getSubcommands()
        .get("image")
        .getSubcommands()
        .forEach(
            (name, sub) ->
                sub.getCommandSpec()
                    .options()
                    .forEach(
                        option ->
                            assertTrue(
                                option.description().length > 0
                                    && !option.description()[0].isBlank(),
                                () -> name + " " + option.longestName() + " has no help text")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "image",
        "image frobnicate",
        "image info",
        "image info --image",
        "image info --image x --bogus",
        "image verify-key --image x",
        "--log-level loud image info --image x"
      })
  void usageErrorsExitTwo(String line) {
    CliRun run = CliRun.of(line.isEmpty() ? new String[0] : line.split(" "));
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("--help"), run::toString);
    assertFalse(run.err().contains("\tat "), run::toString);
  }

  @Test
  void logLevelIsAcceptedBeforeAndAfterTheSubcommand() {
    assertEquals(0, CliRun.of("--log-level", "debug", "image", "--help").exitCode());
    assertEquals(0, CliRun.of("image", "info", "--log-level", "info", "--help").exitCode());
  }
}
