package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage errors exit 2 with a hint, help exits 0; no command here needs a LUKS image. */
class AzmountCliUsageTest {
  @TempDir Path dir;

  @Test
  void helpListsImageSubcommandsAndExitsZero() {
    CliRun run = CliRun.of("image", "--help");
    assertEquals(0, run.exitCode(), run::toString);
    for (String sub : new String[] {"create", "info", "decrypt", "verify-key"}) {
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
        "image create --source s --key-file k",
        "image create --source s --key-file k --output o --sector-size 1024",
        "image create --source s --key-file k --output o --size lots",
        "image create --source s --key-file k --output o --size 0",
        "image create --source s --key-file k --output o --pbkdf scrypt",
        "--log-level loud image info --image x"
      })
  void usageErrorsExitTwo(String line) {
    CliRun run = CliRun.of(line.isEmpty() ? new String[0] : line.split(" "));
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("--help"), run::toString);
    assertFalse(run.err().contains("\tat "), run::toString);
  }

  @Test
  void sizeNotAMultipleOfTheSectorSizeIsAUsageError() throws Exception {
    Path source = Files.createDirectory(dir.resolve("src"));
    Path key = dir.resolve("key");
    Files.write(key, new byte[32]);
    CliRun run =
        CliRun.of(
            "image",
            "create",
            "--source",
            source.toString(),
            "--key-file",
            key.toString(),
            "--output",
            dir.resolve("img").toString(),
            "--size",
            "1000000");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("not a multiple of the sector size 4096"), run::toString);
    assertFalse(Files.exists(dir.resolve("img")));
  }

  @Test
  void logLevelIsAcceptedBeforeAndAfterTheSubcommand() {
    assertEquals(0, CliRun.of("--log-level", "debug", "image", "--help").exitCode());
    assertEquals(0, CliRun.of("image", "info", "--log-level", "info", "--help").exitCode());
  }
}
