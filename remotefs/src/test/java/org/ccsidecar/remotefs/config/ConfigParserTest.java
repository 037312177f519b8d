package org.ccsidecar.remotefs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ccsidecar.skr.release.KeyDerivation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigParserTest {
  private static final String KEY =
      "{'kid':'fskey','kty':'oct-HSM','authority':{'endpoint':'maa.example'},"
          + "'akv':{'endpoint':'vault.example','bearer_token':'SECRET-TOKEN'}}";
  private static final String FS0 =
      "{'mount_point':'/mnt/remote/share','azure_url':'https://acct.blob.core.windows.net/c/a.img',"
          + "'key':"
          + KEY
          + "}";
  private static final String FS1 =
      "{'mount_point':'/mnt/remote/rw','azure_url':'https://acct.blob.core.windows.net/c/b.img',"
          + "'read_write':true,'key':"
          + KEY
          + "}";

  private static byte[] json(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static ParsedConfig parse(String singleQuoted) throws ConfigException {
    return new ConfigParser(false).parse(json(singleQuoted));
  }

  @Test
  void readsTheGoSchema() throws ConfigException {
    ParsedConfig parsed =
        parse(
            "{'azure_info':{'certcache':{'endpoint_type':'AzCache','endpoint':'cache.example',"
                + "'tee_type':'SevSnpVM','api_version':'api-version=2020-10-15-preview'},"
                + "'identity':{'client_id':'cid'}},"
                + "'azure_filesystems':["
                + FS0
                + ","
                + "{'mount_point':'/mnt/remote/rw','azure_url':'https://a.example/c/b','azure_url_private':true,"
                + "'read_write':true,'key':{'kid':'rsakey','kty':'RSA-HSM','key_ops':['decrypt'],"
                + "'authority':{'endpoint':'maa.example'},'akv':{'endpoint':'hsm.example','api_version':'api-version=7.4'}},"
                + "'key_derivation':{'salt':'00ff','label':'my label'}}]}");
    assertEquals(List.of(), parsed.warnings());
    SidecarConfig config = parsed.config();
    assertEquals("AzCache", config.azureInfo().certCache().endpointType());
    assertEquals("cache.example", config.azureInfo().certCache().endpoint());
    assertEquals("cid", config.azureInfo().identityClientId());
    assertEquals(2, config.filesystems().size());
    FilesystemConfig ro = config.filesystems().get(0);
    assertEquals(Path.of("/mnt/remote/share"), ro.mountPoint());
    assertEquals(Path.of("/mnt/remote/.filesystem-0"), ro.filesystemDir());
    assertFalse(ro.readWrite());
    assertFalse(ro.azureUrlPrivate());
    assertEquals("fskey", ro.key().kid());
    assertEquals("maa.example", ro.key().authority().endpoint());
    assertEquals("SECRET-TOKEN", ro.key().akv().bearerToken());
    assertEquals(KeyDerivation.NONE, ro.keyDerivation());
    FilesystemConfig rw = config.filesystems().get(1);
    assertTrue(rw.readWrite());
    assertTrue(rw.azureUrlPrivate());
    assertEquals(Path.of("/mnt/remote/.filesystem-1"), rw.filesystemDir());
    assertEquals(List.of("decrypt"), rw.key().keyOps());
    assertEquals("RSA-HSM", rw.key().kty());
    assertEquals("hsm.example", rw.key().akv().endpoint());
    assertNull(rw.key().akv().bearerToken());
    assertEquals("00ff", rw.keyDerivation().salt());
    assertEquals("my label", rw.keyDerivation().label());
  }

  @Test
  void bearerTokenAndRawKeyNeverAppearInToString() throws ConfigException {
    ParsedConfig parsed =
        new ConfigParser(true)
            .parse(
                json(
                    "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b',"
                        + "'raw_key':'c0ffee00c0ffee00','key':"
                        + KEY
                        + "}]}"));
    String text = parsed.config().toString();
    assertFalse(text.contains("SECRET-TOKEN"), text);
    assertFalse(text.toLowerCase().contains("c0ffee"), text);
    assertTrue(text.contains("redacted"), text);
  }

  @Test
  void unknownFieldsWarnByPath() throws ConfigException {
    ParsedConfig parsed =
        parse(
            "{'extra':1,'azure_info':{'identity':{'client_id':'x','tenant':'t'}},"
                + "'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b','colour':'red',"
                + "'key':{'kid':'k','authority':{'endpoint':'m'},'akv':{'endpoint':'v','zone':1}}}]}");
    assertEquals(
        List.of(
            "extra: unknown field, ignored",
            "azure_info.identity.tenant: unknown field, ignored",
            "azure_filesystems[0].colour: unknown field, ignored",
            "azure_filesystems[0].key.akv.zone: unknown field, ignored"),
        parsed.warnings());
  }

  @Test
  void rawKeyIgnoredWithWarningUnlessAllowed() throws ConfigException {
    String withBoth =
        "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b',"
            + "'raw_key':'0011','key':"
            + KEY
            + "}]}";
    ParsedConfig refused = parse(withBoth);
    assertNull(refused.config().filesystems().get(0).rawKey());
    assertEquals(
        List.of(
            "azure_filesystems[0].raw_key: ignored (testing only; enable with --allow-raw-key)"),
        refused.warnings());
    ParsedConfig allowed = new ConfigParser(true).parse(json(withBoth));
    byte[] key = allowed.config().filesystems().get(0).rawKey().bytes();
    assertEquals(2, key.length);
    assertEquals(0x11, key[1]);
    assertEquals(List.of(), allowed.warnings());
  }

  @Test
  void rawKeyAloneNeedsTheFlag() throws ConfigException {
    String rawOnly =
        "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b','raw_key':'0011'}]}";
    ConfigException e = assertThrows(ConfigException.class, () -> parse(rawOnly));
    assertEquals(
        "azure_filesystems[0].key: missing (raw_key is ignored without --allow-raw-key)",
        e.getMessage());
    FilesystemConfig fs = new ConfigParser(true).parse(json(rawOnly)).config().filesystems().get(0);
    assertNull(fs.key());
    assertEquals(2, fs.rawKey().bytes().length);
  }

  @Test
  void relativeMountPointsResolveAgainstTheWorkingDirectory() throws ConfigException {
    FilesystemConfig fs =
        parse(
                "{'azure_filesystems':[{'mount_point':'mnt/./x/../share','azure_url':'https://h/c/b','key':"
                    + KEY
                    + "}]}")
            .config()
            .filesystems()
            .get(0);
    assertEquals(Path.of("mnt/share").toAbsolutePath(), fs.mountPoint());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("[]", ": expected an object, got an array"),
        Arguments.of("{}", "azure_filesystems: missing"),
        Arguments.of(
            "{'azure_filesystems':{}}", "azure_filesystems: expected an array, got an object"),
        Arguments.of("{'azure_filesystems':[]}", "azure_filesystems: empty, nothing to mount"),
        Arguments.of(
            "{'azure_filesystems':[1]}", "azure_filesystems[0]: expected an object, got a number"),
        Arguments.of(
            "{'azure_info':'x','azure_filesystems':[" + FS0 + "]}",
            "azure_info: expected an object, got a string"),
        Arguments.of(
            "{'azure_info':{'certcache':{'endpoint':'e'}},'azure_filesystems':[" + FS0 + "]}",
            "azure_info.certcache.endpoint_type: missing"),
        Arguments.of(
            "{'azure_info':{'certcache':{'endpoint_type':'Other','endpoint':'e'}},'azure_filesystems':["
                + FS0
                + "]}",
            "azure_info.certcache.endpoint_type: must be AMD, AzCache or LocalTHIM"),
        Arguments.of(
            "{'azure_info':{'identity':{'client_id':5}},'azure_filesystems':[" + FS0 + "]}",
            "azure_info.identity.client_id: expected a string, got a number"),
        Arguments.of(
            "{'azure_filesystems':[" + FS0 + ",{'azure_url':'https://h/c/b','key':" + KEY + "}]}",
            "azure_filesystems[1].mount_point: missing"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'','azure_url':'https://h/c/b','key':"
                + KEY
                + "}]}",
            "azure_filesystems[0].mount_point: must not be empty"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/','azure_url':'https://h/c/b','key':"
                + KEY
                + "}]}",
            "azure_filesystems[0].mount_point: must not be the root directory"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','key':" + KEY + "}]}",
            "azure_filesystems[0].azure_url: missing"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'ftp://h/c/b','key':"
                + KEY
                + "}]}",
            "azure_filesystems[0].azure_url: blob URL must be http(s)://HOST/CONTAINER/BLOB: ftp://h/c/b"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h','key':"
                + KEY
                + "}]}",
            "azure_filesystems[0].azure_url: blob URL names no container and blob"
                + " (expected .../CONTAINER/BLOB): https://h"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c d?sig=S','key':"
                + KEY
                + "}]}",
            "azure_filesystems[0].azure_url: not a URL: https://h/c d?sig=REDACTED"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b','read_write':'yes','key':"
                + KEY
                + "}]}",
            "azure_filesystems[0].read_write: expected true or false, got a string"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b','azure_url_private':1,'key':"
                + KEY
                + "}]}",
            "azure_filesystems[0].azure_url_private: expected true or false, got a number"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b'}]}",
            "azure_filesystems[0].key: missing"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b','key':[]}]}",
            "azure_filesystems[0].key: expected an object, got an array"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b',"
                + "'key':{'authority':{'endpoint':'m'},'akv':{'endpoint':'v'}}}]}",
            "azure_filesystems[0].key.kid: missing"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b',"
                + "'key':{'kid':'k','key_ops':['a',2],'authority':{'endpoint':'m'},'akv':{'endpoint':'v'}}}]}",
            "azure_filesystems[0].key.key_ops[1]: expected a string, got a number"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b',"
                + "'key':{'kid':'k','akv':{'endpoint':'v'}}}]}",
            "azure_filesystems[0].key.authority: missing"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b',"
                + "'key':{'kid':'k','authority':{'endpoint':'m'}}}]}",
            "azure_filesystems[0].key.akv: missing"),
        Arguments.of(
            "{'azure_filesystems':["
                + FS0
                + ",{'mount_point':'/m/b','azure_url':'https://h/c/b',"
                + "'key':{'kid':'k','authority':{'endpoint':'m'},'akv':{}}}]}",
            "azure_filesystems[1].key.akv.endpoint: missing"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b',"
                + "'key':{'kid':'k','authority':{'endpoint':'m'},'akv':{'endpoint':'v','bearer_token':7}}}]}",
            "azure_filesystems[0].key.akv.bearer_token: expected a string, got a number"),
        Arguments.of(
            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b','key':"
                + KEY
                + ",'key_derivation':{'salt':'xyz'}}]}",
            "azure_filesystems[0].key_derivation.salt: not a hex string"),
        Arguments.of(
            "{'azure_filesystems':[" + FS0 + "," + FS0 + "]}",
            "azure_filesystems[1].mount_point: /mnt/remote/share is already used by azure_filesystems[0].mount_point"),
        Arguments.of(
            "{'azure_filesystems':["
                + FS0
                + ",{'mount_point':'/mnt/remote/share/x/..','azure_url':'https://h/c/b','key':"
                + KEY
                + "}]}",
            "azure_filesystems[1].mount_point: /mnt/remote/share is already used by azure_filesystems[0].mount_point"),
        Arguments.of(
            "{'azure_filesystems':["
                + FS0
                + ",{'mount_point':'/mnt/remote/share/inner','azure_url':'https://h/c/b','key':"
                + KEY
                + "}]}",
            "azure_filesystems[1].mount_point: /mnt/remote/share/inner is nested with azure_filesystems[0].mount_point /mnt/remote/share"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidConfigurationNamesTheField(String config, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(config));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void rawKeyMustBeHexWhenAllowed() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                new ConfigParser(true)
                    .parse(
                        json(
                            "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b','raw_key':'0g'}]}")));
    assertEquals("azure_filesystems[0].raw_key: not a hex string", e.getMessage());
  }

  @Test
  void invalidJsonGivesLineAndColumnButNotTheToken() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> parse("{'azure_filesystems':[{'raw_key':supersecretvalue}]}"));
    assertTrue(
        e.getMessage().startsWith("configuration: invalid JSON at line 1, column "),
        e.getMessage());
    assertFalse(e.getMessage().contains("supersecret"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void invalidJsonNamesNoJacksonInternals() {
    for (String input : new String[] {"{'azure_filesystems':[", "[".repeat(100)}) {
      ConfigException e = assertThrows(ConfigException.class, () -> parse(input));
      assertFalse(e.getMessage().contains("Source:"), e.getMessage());
      assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
    }
  }

  @Test
  void duplicateFieldsAreRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> parse("{'azure_filesystems':[],'azure_filesystems':[]}"));
    assertTrue(e.getMessage().contains("Duplicate field 'azure_filesystems'"), e.getMessage());
  }

  @Test
  void trailingGarbageIsRefused() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> parse("{'azure_filesystems':[]} x"));
    assertTrue(e.getMessage().startsWith("configuration: invalid JSON"), e.getMessage());
  }

  @Test
  void hostileInputFailsFastWithOneLine() {
    String deep = "[".repeat(100_000);
    ConfigException nested = assertThrows(ConfigException.class, () -> parse(deep));
    assertTrue(nested.getMessage().startsWith("configuration: invalid JSON"), nested.getMessage());

    byte[] huge = new byte[ConfigParser.MAX_JSON_BYTES + 1];
    ConfigException big =
        assertThrows(ConfigException.class, () -> new ConfigParser(false).parse(huge));
    assertEquals("configuration: larger than 1024 KiB, refused", big.getMessage());

    String longSalt = "a".repeat(900_001);
    ConfigException salt =
        assertThrows(
            ConfigException.class,
            () ->
                parse(
                    "{'azure_filesystems':[{'mount_point':'/m/a','azure_url':'https://h/c/b','key':"
                        + KEY
                        + ",'key_derivation':{'salt':'"
                        + longSalt
                        + "'}}]}"));
    assertEquals("azure_filesystems[0].key_derivation.salt: not a hex string", salt.getMessage());

    StringBuilder many = new StringBuilder("{'azure_filesystems':[");
    for (int i = 0; i < 33; i++) {
      many.append(i == 0 ? "" : ",").append("{}");
    }
    ConfigException tooMany =
        assertThrows(ConfigException.class, () -> parse(many.append("]}").toString()));
    assertEquals("azure_filesystems: 33 entries, at most 32", tooMany.getMessage());
  }

  @Test
  void nonUtf8InputIsAnError() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new ConfigParser(false).parse(new byte[] {'{', '"', (byte) 0xff, '"', '}'}));
    assertTrue(e.getMessage().startsWith("configuration: invalid JSON"), e.getMessage());
  }
}
