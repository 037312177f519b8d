package org.ccsidecar.remotefs.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {
  private static final byte[] JSON = "{\"azure_filesystems\":[]}".getBytes(StandardCharsets.UTF_8);
  private static final String B64 = Base64.getEncoder().encodeToString(JSON);

  @Test
  void base64FlagWinsOverTheEnvironment() throws ConfigException {
    assertArrayEquals(JSON, ConfigSource.read(B64, null, Map.of(ConfigSource.ENV_VAR, "garbage!")));
  }

  @Test
  void environmentVariableIsTheDefault() throws ConfigException {
    assertArrayEquals(JSON, ConfigSource.read(null, null, Map.of(ConfigSource.ENV_VAR, B64)));
  }

  @Test
  void base64MayBeWrappedOverLines() throws ConfigException {
    String wrapped = B64.substring(0, 10) + "\n" + B64.substring(10) + "\n";
    assertArrayEquals(JSON, ConfigSource.read(wrapped, null, Map.of()));
  }

  @Test
  void configFileIsReadAsIs(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("c.json"), JSON);
    assertArrayEquals(JSON, ConfigSource.read(null, file, Map.of()));
  }

  @Test
  void errorsNameTheOrigin(@TempDir Path dir) throws Exception {
    assertEquals(
        "EncfsSideCarArgs: not set (give --base64, --config FILE or the environment variable)",
        assertThrows(ConfigException.class, () -> ConfigSource.read(null, null, Map.of()))
            .getMessage());
    assertEquals(
        "--base64: not valid base64 (Illegal base64 character 21)",
        assertThrows(ConfigException.class, () -> ConfigSource.read("abc!", null, Map.of()))
            .getMessage());
    String badEnding =
        assertThrows(
                ConfigException.class,
                () -> ConfigSource.read(null, null, Map.of(ConfigSource.ENV_VAR, "abcde")))
            .getMessage();
    assertTrue(badEnding.startsWith("EncfsSideCarArgs: not valid base64 ("), badEnding);
    Path missing = dir.resolve("nope.json");
    assertEquals(
        "--config " + missing + ": no such file",
        assertThrows(ConfigException.class, () -> ConfigSource.read(null, missing, Map.of()))
            .getMessage());
    assertEquals(
        "--config " + dir + ": not a regular file",
        assertThrows(ConfigException.class, () -> ConfigSource.read(null, dir, Map.of()))
            .getMessage());
    Path big = Files.write(dir.resolve("big.json"), new byte[ConfigParser.MAX_JSON_BYTES + 1]);
    assertEquals(
        "--config " + big + ": larger than 1024 KiB, refused",
        assertThrows(ConfigException.class, () -> ConfigSource.read(null, big, Map.of()))
            .getMessage());
    String hugeB64 = "A".repeat(2 * ConfigParser.MAX_JSON_BYTES);
    assertEquals(
        "--base64: larger than 1024 KiB, refused",
        assertThrows(ConfigException.class, () -> ConfigSource.read(hugeB64, null, Map.of()))
            .getMessage());
  }
}
