package org.ccsidecar.skr.uvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.ccsidecar.skr.snp.ThimCerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the host hands a confidential container about its utility VM: the security policy (base64;
 * its SHA-256 is the report's HOST_DATA), the host's AMD certificates (base64 THIM JSON) and the
 * UVM reference info (base64 COSE_Sign1). Read from the security context directory ({@code
 * UVM_SECURITY_CONTEXT_DIR}, else a {@code /security-context-*} directory, else the Kata default)
 * and, when that gives no reference info, from the legacy environment variables {@code
 * UVM_SECURITY_POLICY}, {@code UVM_HOST_AMD_CERTIFICATE}, {@code UVM_REFERENCE_INFO}.
 */
public final class UvmSecurityContext {
  private static final Logger LOG = LoggerFactory.getLogger(UvmSecurityContext.class);

  static final String DIR_ENV = "UVM_SECURITY_CONTEXT_DIR";
  static final String POLICY_ENV = "UVM_SECURITY_POLICY";
  static final String HOST_CERT_ENV = "UVM_HOST_AMD_CERTIFICATE";
  static final String REFERENCE_INFO_ENV = "UVM_REFERENCE_INFO";
  static final String POLICY_FILE = "security-policy-base64";
  static final String HOST_CERT_FILE = "host-amd-cert-base64";
  static final String REFERENCE_INFO_FILE = "reference-info-base64";

  /** Where Confidential AKS (Kata) puts it when nothing else says. */
  static final String KATA_DEFAULT_DIR = "/opt/confidential-containers/share/kata-containers";

  private static final long MAX_FILE_BYTES = 4L << 20;

  private final String encodedSecurityPolicy;
  private final ThimCerts hostAmdCerts;
  private final String encodedReferenceInfo;

  public UvmSecurityContext(
      String encodedSecurityPolicy, ThimCerts hostAmdCerts, String encodedReferenceInfo) {
    this.encodedSecurityPolicy = nullToEmpty(encodedSecurityPolicy).strip();
    this.hostAmdCerts = hostAmdCerts == null ? new ThimCerts(null, null, null, null) : hostAmdCerts;
    this.encodedReferenceInfo = nullToEmpty(encodedReferenceInfo).strip();
  }

  /** From this process's environment and file system. */
  public static UvmSecurityContext load() throws IOException {
    return load(System.getenv(), Path.of("/"));
  }

  /**
   * @param env the environment variables
   * @param root the file system root to search for {@code security-context-*}
   */
  public static UvmSecurityContext load(Map<String, String> env, Path root) throws IOException {
    Path dir = contextDirectory(env, root);
    UvmSecurityContext fromFiles = null;
    try {
      fromFiles = fromDirectory(dir);
    } catch (NoSuchFileException e) {
      LOG.debug("no UVM security context in {}: {} is missing", dir, e.getFile());
    }
    if (fromFiles != null && !fromFiles.encodedReferenceInfo.isEmpty()) {
      LOG.info("UVM security context from {}", dir);
      return fromFiles;
    }
    return fromEnvironment(env);
  }

  static Path contextDirectory(Map<String, String> env, Path root) throws IOException {
    String configured = env.get(DIR_ENV);
    if (configured != null && !configured.isEmpty()) {
      return root.getFileSystem().getPath(configured);
    }
    try (Stream<Path> entries = Files.list(root)) {
      // The first match in name order, as Go's os.ReadDir would find it.
      return entries
          .filter(entry -> entry.getFileName().toString().contains("security-context-"))
          .min(Comparator.comparing(entry -> entry.getFileName().toString()))
          .orElse(root.getFileSystem().getPath(KATA_DEFAULT_DIR));
    }
  }

  /**
   * Reads the three files, which must all exist (the host certificate file may be empty).
   *
   * @throws NoSuchFileException when one is missing
   */
  public static UvmSecurityContext fromDirectory(Path dir) throws IOException {
    String referenceInfo = readFile(dir, REFERENCE_INFO_FILE);
    String hostCerts = readFile(dir, HOST_CERT_FILE);
    String policy = readFile(dir, POLICY_FILE);
    ThimCerts certs =
        hostCerts.isBlank()
            ? null
            : parseHostCerts(hostCerts, dir.resolve(HOST_CERT_FILE).toString());
    return new UvmSecurityContext(policy, certs, referenceInfo);
  }

  public static UvmSecurityContext fromEnvironment(Map<String, String> env) throws IOException {
    String hostCerts = nullToEmpty(env.get(HOST_CERT_ENV));
    return new UvmSecurityContext(
        env.get(POLICY_ENV),
        hostCerts.isBlank() ? null : parseHostCerts(hostCerts, HOST_CERT_ENV),
        env.get(REFERENCE_INFO_ENV));
  }

  private static ThimCerts parseHostCerts(String base64, String source) throws IOException {
    try {
      return ThimCerts.parseBase64(base64);
    } catch (IOException e) {
      throw new IOException("host AMD certificate in " + source + ": " + e.getMessage(), e);
    }
  }

  private static String readFile(Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  /** The security policy as base64, as the host gave it. */
  public String encodedSecurityPolicy() {
    return encodedSecurityPolicy;
  }

  /** The decoded security policy (the bytes whose SHA-256 is HOST_DATA). */
  public byte[] securityPolicy() throws IOException {
    return decode(encodedSecurityPolicy, "security policy");
  }

  /** The host's AMD certificates; {@link ThimCerts#absent()} when the host gave none. */
  public ThimCerts hostAmdCerts() {
    return hostAmdCerts;
  }

  public String encodedReferenceInfo() {
    return encodedReferenceInfo;
  }

  /** The decoded UVM reference info; empty when the host gave none. */
  public byte[] referenceInfo() throws IOException {
    return decode(encodedReferenceInfo, "UVM reference info");
  }

  private static byte[] decode(String base64, String what) throws IOException {
    try {
      return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IOException(what + " is not valid base64: " + e.getMessage(), e);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
