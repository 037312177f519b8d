package org.ccsidecar.remotefs.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Where the configuration JSON comes from: {@code --base64}, {@code --config FILE}, or else the
 * environment variable {@code EncfsSideCarArgs} (base64), as the Go entrypoint passes it.
 */
public final class ConfigSource {
  public static final String ENV_VAR = "EncfsSideCarArgs";

  private ConfigSource() {}

  /**
   * The configuration's JSON bytes.
   *
   * @param base64 the {@code --base64} value, or null
   * @param file the {@code --config} file, or null
   */
  public static byte[] read(String base64, Path file, Map<String, String> env)
      throws ConfigException {
    if (file != null) {
      return readFile(file);
    }
    if (base64 != null) {
      return decode("--base64", base64);
    }
    String fromEnv = env.get(ENV_VAR);
    if (fromEnv == null || fromEnv.isBlank()) {
      throw new ConfigException(
          ENV_VAR + ": not set (give --base64, --config FILE or the environment variable)");
    }
    return decode(ENV_VAR, fromEnv);
  }

  static byte[] decode(String origin, String base64) throws ConfigException {
    // base64 is 4/3 the size of what it encodes; anything beyond the JSON cap is refused unread.
    if (base64.length() > ConfigParser.MAX_JSON_BYTES / 3 * 4 + 8) {
      throw new ConfigException(
          origin + ": larger than " + (ConfigParser.MAX_JSON_BYTES >> 10) + " KiB, refused");
    }
    StringBuilder compact = new StringBuilder(base64.length());
    for (int i = 0; i < base64.length(); i++) {
      char c = base64.charAt(i);
      if (!Character.isWhitespace(c)) {
        compact.append(c);
      }
    }
    try {
      byte[] json = Base64.getDecoder().decode(compact.toString());
      if (json.length == 0) {
        throw new ConfigException(origin + ": empty");
      }
      return json;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(origin + ": not valid base64 (" + e.getMessage() + ")");
    }
  }

  private static byte[] readFile(Path file) throws ConfigException {
    String origin = "--config " + file;
    try {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(
            origin + (Files.exists(file) ? ": not a regular file" : ": no such file"));
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] json = in.readNBytes(ConfigParser.MAX_JSON_BYTES + 1);
        if (json.length > ConfigParser.MAX_JSON_BYTES) {
          throw new ConfigException(
              origin + ": larger than " + (ConfigParser.MAX_JSON_BYTES >> 10) + " KiB, refused");
        }
        return json;
      }
    } catch (NoSuchFileException e) {
      throw new ConfigException(origin + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(origin + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
