package org.ccsidecar.remotefs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The CLI up to the point where filesystems would start: inputs, errors, status, logs. */
class RemotefsCliTest {
  @TempDir Path dir;

  private static final String KEY =
      "{'kid':'k','authority':{'endpoint':'maa.example'},"
          + "'akv':{'endpoint':'vault.example','bearer_token':'TOKEN-SECRET-123'}}";

  /** A valid filesystem entry; MNT stands for the test's mount directory. */
  private static String fs(String mountPoint) {
    return "{'mount_point':'MNT/"
        + mountPoint
        + "','azure_url':'https://a.blob.core.windows.net/c/b','key':"
        + KEY
        + "}";
  }

  private static String b64(String singleQuoted) {
    return Base64.getEncoder()
        .encodeToString(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String stderr) {}

  private Run run(RemotefsCli.StarterFactory factory, String... args) {
    StringWriter err = new StringWriter();
    CommandLine line = RemotefsCli.commandLine(new RemotefsCli(factory));
    line.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--status-file");
    all.add(dir.resolve("result").toString());
    int code = line.execute(all.toArray(String[]::new));
    return new Run(code, err.toString());
  }

  private static final RemotefsCli.StarterFactory MUST_NOT_START =
      (config, fake, afterAll) -> fail("a bad configuration must not reach the start");

  /** Configurations as JSON with single quotes (null: the base64 text itself is given). */
  static Stream<Arguments> badConfigurations() {
    return Stream.of(
        Arguments.of(
            null, "not*base64", "--base64: not valid base64 (Illegal base64 character 2a)"),
        Arguments.of(
            "{'azure_filesystems':[", null, "configuration: invalid JSON at line 1, column "),
        Arguments.of(
            "{'azure_filesystems':["
                + fs("a")
                + ",{'mount_point':'MNT/b','azure_url':'https://h/c/b',"
                + "'key':{'kid':'k','authority':{'endpoint':'m'},'akv':{}}}]}",
            null,
            "azure_filesystems[1].key.akv.endpoint: missing"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'MNT/a','azure_url':'https://h/c/b',"
                + "'read_write':'yes','key':"
                + KEY
                + "}]}",
            null,
            "azure_filesystems[0].read_write: expected true or false, got a string"),
        Arguments.of(
            "{'azure_filesystems':[" + fs("a") + "," + fs("a") + "]}",
            null,
            "azure_filesystems[1].mount_point: MNT/a is already used by"
                + " azure_filesystems[0].mount_point"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'MNT/a','azure_url':'https://h/c/b',"
                + "'raw_key':'00ff'}]}",
            null,
            "azure_filesystems[0].key: missing (raw_key is ignored without --allow-raw-key)"));
  }

  @ParameterizedTest
  @MethodSource("badConfigurations")
  void badConfigurationGivesOneLineExitOneStatusZeroAndCreatesNothing(
      String json, String base64, String expected) throws IOException {
    String mnt = dir.resolve("mnt").toString();
    String input = json == null ? base64 : b64(json.replace("MNT", mnt));
    Run run = run(MUST_NOT_START, "--base64", input);
    String line = expected.replace("MNT", mnt);
    if (line.endsWith("column ")) {
      assertTrue(run.stderr().startsWith(line), run.stderr());
    } else {
      assertEquals(line + System.lineSeparator(), run.stderr());
    }
    assertEquals(1, run.exitCode());
    assertEquals(1, run.stderr().lines().count(), run.stderr());
    assertEquals("0\n", Files.readString(dir.resolve("result")));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("result")), left.toList());
    }
  }

  @Test
  void missingConfigurationFileNamesIt() throws IOException {
    Run run = run(MUST_NOT_START, "--config", dir.resolve("absent.json").toString());
    assertEquals(1, run.exitCode());
    assertEquals(
        "--config " + dir.resolve("absent.json") + ": no such file" + System.lineSeparator(),
        run.stderr());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run(MUST_NOT_START, "--base64", "e30=", "--config", "x.json").exitCode());
    assertEquals(2, run(MUST_NOT_START, "--base64", "e30=", "--log-level", "loud").exitCode());
    Run unknown = run(MUST_NOT_START, "--no-such-flag");
    assertEquals(2, unknown.exitCode());
    assertEquals(2, unknown.stderr().lines().count(), unknown.stderr());
    assertTrue(unknown.stderr().contains("remotefs --help"), unknown.stderr());
    assertFalse(Files.exists(dir.resolve("result")));
  }

  @Test
  void startFailureIsOneLineAndTheLogFileHasWarningsButNoSecret() throws IOException {
    Path log = dir.resolve("remotefs.log");
    Files.writeString(dir.resolve("result"), "1\n"); // stale, from an earlier run
    String config =
        "{'azure_filesystems':[{'mount_point':'"
            + dir.resolve("mnt/a")
            + "','azure_url':'https://h/c/b?sv=1&sig=SAS-SECRET','colour':'blue','raw_key':'abcdef12','key':"
            + KEY
            + "}]}";
    Path configFile = Files.writeString(dir.resolve("c.json"), config.replace('\'', '"'));
    Run run =
        run(
            (cfg, fake, afterAll) -> {
              throw new IOException("storage unreachable");
            },
            "--config",
            configFile.toString(),
            "--log-file",
            log.toString(),
            "--log-level",
            "debug");
    assertEquals(1, run.exitCode());
    assertEquals("storage unreachable" + System.lineSeparator(), run.stderr());
    assertEquals("0\n", Files.readString(dir.resolve("result")));
    String logged = Files.readString(log);
    assertTrue(logged.contains("azure_filesystems[0].colour: unknown field, ignored"), logged);
    assertTrue(logged.contains("azure_filesystems[0].raw_key: ignored"), logged);
    assertTrue(logged.contains("ERROR RemotefsCli: storage unreachable"), logged);
    assertFalse(logged.contains("TOKEN-SECRET-123"), logged);
    assertFalse(logged.contains("SAS-SECRET"), logged);
    assertFalse(logged.contains("abcdef12"), logged);
  }
}
