package org.ccsidecar.remotefs.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.ccsidecar.azmount.source.BlobLocation;
import org.ccsidecar.skr.json.JsonErrors;
import org.ccsidecar.skr.release.KeyBlob;
import org.ccsidecar.skr.release.KeyDerivation;
import org.ccsidecar.skr.uvm.CertCacheConfig;

/**
 * Turns the sidecar's JSON (the Go sidecar's schema, unchanged) into a {@link SidecarConfig}, or
 * one {@link ConfigException} naming the first wrong field. Pure: no file system access beyond
 * resolving relative mount points against the working directory, as the Go sidecar does.
 */
public final class ConfigParser {
  /** Upper bound on the JSON accepted at all; real configurations are a few KiB. */
  public static final int MAX_JSON_BYTES = 1 << 20;

  public static final int MAX_FILESYSTEMS = 32;
  private static final int MAX_RAW_KEY_BYTES = 1024;
  private static final Set<String> CERT_FETCHER_TYPES = Set.of("AMD", "AzCache", "LocalTHIM");
  private static final Pattern QUOTED_TOKEN = Pattern.compile("'[^']{2,}'");

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(32)
                          .maxNumberLength(64)
                          .maxStringLength(MAX_JSON_BYTES)
                          .build())
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final boolean allowRawKey;

  public ConfigParser(boolean allowRawKey) {
    this.allowRawKey = allowRawKey;
  }

  public ParsedConfig parse(byte[] json) throws ConfigException {
    if (json.length > MAX_JSON_BYTES) {
      throw new ConfigException(
          "configuration: larger than " + (MAX_JSON_BYTES >> 10) + " KiB, refused");
    }
    List<String> warnings = new ArrayList<>();
    ConfigObject root = ConfigObject.of(readTree(json), "");
    root.warnUnknown(Set.of("azure_info", "azure_filesystems"), warnings::add);
    AzureInfo azureInfo = azureInfo(root.optionalObject("azure_info"), warnings);
    JsonNode array = root.requiredArray("azure_filesystems");
    if (array.isEmpty()) {
      throw new ConfigException("azure_filesystems: empty, nothing to mount");
    }
    if (array.size() > MAX_FILESYSTEMS) {
      throw new ConfigException(
          "azure_filesystems: " + array.size() + " entries, at most " + MAX_FILESYSTEMS);
    }
    List<FilesystemConfig> filesystems = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      FilesystemConfig fs =
          filesystem(i, ConfigObject.of(array.get(i), "azure_filesystems[" + i + "]"), warnings);
      checkMountPointConflicts(fs, filesystems);
      filesystems.add(fs);
    }
    return new ParsedConfig(new SidecarConfig(azureInfo, filesystems), warnings);
  }

  private static JsonNode readTree(byte[] json) throws ConfigException {
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree == null || tree.isMissingNode()) {
        throw new ConfigException("configuration: empty");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new ConfigException("configuration: invalid JSON" + where(e) + ": " + reason(e));
    } catch (IOException e) {
      throw new ConfigException("configuration: unreadable JSON: " + e.getClass().getSimpleName());
    }
  }

  private static String where(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Jackson's reason, first line only, without quoted input tokens (they may be secrets). */
  private static String reason(JsonProcessingException e) {
    String message = JsonErrors.reason(e);
    if (message.startsWith("Duplicate field")) {
      return message;
    }
    return QUOTED_TOKEN.matcher(message).replaceAll("'...'");
  }

  private static AzureInfo azureInfo(ConfigObject info, List<String> warnings)
      throws ConfigException {
    if (info == null) {
      return AzureInfo.NONE;
    }
    info.warnUnknown(Set.of("certcache", "identity"), warnings::add);
    CertCacheConfig certCache = null;
    ConfigObject cache = info.optionalObject("certcache");
    if (cache != null) {
      cache.warnUnknown(
          Set.of("endpoint_type", "endpoint", "tee_type", "api_version", "client_id"),
          warnings::add);
      String type = cache.requiredString("endpoint_type");
      if (!CERT_FETCHER_TYPES.contains(type)) {
        throw new ConfigException(
            cache.fieldPath("endpoint_type") + ": must be AMD, AzCache or LocalTHIM");
      }
      certCache =
          new CertCacheConfig(
              type,
              cache.requiredString("endpoint"),
              cache.optionalString("tee_type"),
              cache.optionalString("api_version"),
              cache.optionalString("client_id"));
    }
    String clientId = null;
    ConfigObject identity = info.optionalObject("identity");
    if (identity != null) {
      identity.warnUnknown(Set.of("client_id"), warnings::add);
      clientId = emptyToNull(identity.optionalString("client_id"));
    }
    return new AzureInfo(certCache, clientId);
  }

  private FilesystemConfig filesystem(int index, ConfigObject fs, List<String> warnings)
      throws ConfigException {
    fs.warnUnknown(
        Set.of(
            "mount_point",
            "azure_url",
            "azure_url_private",
            "read_write",
            "key",
            "key_derivation",
            "raw_key"),
        warnings::add);
    Path mountPoint = mountPoint(fs);
    String azureUrl = azureUrl(fs);
    boolean isPrivate = fs.optionalBoolean("azure_url_private");
    boolean readWrite = fs.optionalBoolean("read_write");
    RawKey rawKey = rawKey(fs, warnings);
    ConfigObject keyReader = fs.optionalObject("key");
    if (keyReader == null && rawKey == null) {
      throw new ConfigException(
          fs.fieldPath("key")
              + (fs.has("raw_key")
                  ? ": missing (raw_key is ignored without --allow-raw-key)"
                  : ": missing"));
    }
    KeyBlob key = keyReader == null ? null : key(keyReader, warnings);
    KeyDerivation derivation = keyDerivation(fs.optionalObject("key_derivation"), warnings);
    return new FilesystemConfig(
        index, mountPoint, azureUrl, isPrivate, readWrite, key, derivation, rawKey);
  }

  private static Path mountPoint(ConfigObject fs) throws ConfigException {
    String value = fs.requiredString("mount_point");
    Path path;
    try {
      path = Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ConfigException(fs.fieldPath("mount_point") + ": not a valid path");
    }
    if (path.getParent() == null) {
      throw new ConfigException(fs.fieldPath("mount_point") + ": must not be the root directory");
    }
    return path;
  }

  private static String azureUrl(ConfigObject fs) throws ConfigException {
    String value = fs.requiredString("azure_url");
    try {
      BlobLocation.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(fs.fieldPath("azure_url") + ": " + e.getMessage());
    }
    return value;
  }

  private RawKey rawKey(ConfigObject fs, List<String> warnings) throws ConfigException {
    String hex = fs.optionalString("raw_key");
    if (hex == null || hex.isEmpty()) {
      return null;
    }
    String field = fs.fieldPath("raw_key");
    if (!allowRawKey) {
      warnings.add(field + ": ignored (testing only; enable with --allow-raw-key)");
      return null;
    }
    if (!isHex(hex)) {
      throw new ConfigException(field + ": not a hex string");
    }
    if (hex.length() / 2 > MAX_RAW_KEY_BYTES) {
      throw new ConfigException(field + ": longer than " + MAX_RAW_KEY_BYTES + " bytes");
    }
    return new RawKey(hex);
  }

  private static KeyBlob key(ConfigObject key, List<String> warnings) throws ConfigException {
    key.warnUnknown(Set.of("kid", "kty", "key_ops", "authority", "akv"), warnings::add);
    String kid = key.requiredString("kid");
    String kty = emptyToNull(key.optionalString("kty"));
    List<String> keyOps = key.optionalStringList("key_ops");
    ConfigObject authority = key.requiredObject("authority");
    authority.warnUnknown(Set.of("endpoint", "tee_type", "api_version"), warnings::add);
    KeyBlob.Authority authorityConfig =
        new KeyBlob.Authority(
            authority.requiredString("endpoint"),
            emptyToNull(authority.optionalString("tee_type")),
            emptyToNull(authority.optionalString("api_version")));
    ConfigObject akv = key.requiredObject("akv");
    akv.warnUnknown(Set.of("endpoint", "api_version", "bearer_token"), warnings::add);
    KeyBlob.Akv akvConfig =
        new KeyBlob.Akv(
            akv.requiredString("endpoint"),
            emptyToNull(akv.optionalString("api_version")),
            emptyToNull(akv.optionalString("bearer_token")));
    return new KeyBlob(kid, kty, keyOps, authorityConfig, akvConfig);
  }

  private static KeyDerivation keyDerivation(ConfigObject derivation, List<String> warnings)
      throws ConfigException {
    if (derivation == null) {
      return KeyDerivation.NONE;
    }
    derivation.warnUnknown(Set.of("salt", "label"), warnings::add);
    String salt = derivation.optionalString("salt");
    if (salt != null && !isHex(salt)) {
      throw new ConfigException(derivation.fieldPath("salt") + ": not a hex string");
    }
    return new KeyDerivation(salt, derivation.optionalString("label"));
  }

  private static void checkMountPointConflicts(FilesystemConfig fs, List<FilesystemConfig> earlier)
      throws ConfigException {
    String field = "azure_filesystems[" + fs.index() + "].mount_point";
    for (FilesystemConfig other : earlier) {
      String otherField = "azure_filesystems[" + other.index() + "].mount_point";
      if (fs.mountPoint().equals(other.mountPoint())) {
        throw new ConfigException(
            field + ": " + fs.mountPoint() + " is already used by " + otherField);
      }
      if (fs.mountPoint().startsWith(other.mountPoint())
          || other.mountPoint().startsWith(fs.mountPoint())) {
        throw new ConfigException(
            field
                + ": "
                + fs.mountPoint()
                + " is nested with "
                + otherField
                + " "
                + other.mountPoint());
      }
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Even-length hex; checked by hand because a regex over a long hostile string recurses. */
  private static boolean isHex(String value) {
    if (value.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
