package org.ccsidecar.skr.emulator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.ccsidecar.skr.emulator.http.Exchanges;
import org.ccsidecar.skr.emulator.http.HttpError;
import org.ccsidecar.skr.emulator.identity.AccessTokens;
import org.ccsidecar.skr.emulator.pki.CertificateChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azure Key Vault's key API as far as secure key release needs it: {@code PUT /keys/{name}}
 * (import, with release_policy), {@code GET /keys/{name}[/{version}]} and {@code POST
 * /keys/{name}[/{version}]/release}. Unauthenticated requests get the bearer challenge the Azure
 * SDK's KeyVaultCredentialPolicy parses; only tokens from the emulator's IMDS are accepted.
 */
public final class VaultService implements HttpHandler {
  public static final String RESOURCE = "https://vault.azure.net";
  public static final Set<String> AUDIENCES = Set.of(RESOURCE, "https://managedhsm.azure.net");
  static final String CHALLENGE =
      "Bearer authorization=\"https://login.microsoftonline.com/"
          + AccessTokens.TENANT_ID
          + "\", resource=\""
          + RESOURCE
          + "\"";
  private static final String POLICY_CONTENT_TYPE = "application/json; charset=utf-8";
  private static final Logger LOG = LoggerFactory.getLogger(VaultService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final String vaultUrl;
  private final KeyStore store;
  private final AccessTokens accessTokens;
  private final AttestationTokenVerifier verifier;
  private final ReleaseSigner signer;

  public VaultService(
      String vaultUrl,
      Path stateDir,
      AccessTokens accessTokens,
      SSLContext authorityTrust,
      KeyPair signingKey,
      CertificateChain signingChain)
      throws IOException {
    this.vaultUrl = vaultUrl;
    this.store = KeyStore.open(stateDir);
    this.accessTokens = accessTokens;
    this.verifier = new AttestationTokenVerifier(authorityTrust);
    this.signer = new ReleaseSigner(signingKey, signingChain);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    List<String> path = Exchanges.segments(exchange);
    if (path.isEmpty() || !path.get(0).equals("keys") || path.size() < 2 || path.size() > 4) {
      throw HttpError.notFound(
          "NotFound", "the vault emulator serves /keys/{name}[/{version}][/release]");
    }
    if (!authenticated(exchange)) {
      return;
    }
    String apiVersion = Exchanges.query(exchange).get("api-version");
    if (apiVersion == null || apiVersion.isBlank()) {
      throw HttpError.badRequest("the api-version query parameter is required");
    }
    String name = path.get(1);
    boolean release = path.get(path.size() - 1).equals("release");
    String version = path.size() == (release ? 4 : 3) ? path.get(2) : null;
    if (release) {
      Exchanges.requireMethod(exchange, "POST");
      release(exchange, name, version, apiVersion);
    } else if (version == null && "PUT".equals(exchange.getRequestMethod())) {
      importKey(exchange, name);
    } else {
      Exchanges.requireMethod(exchange, "GET");
      Exchanges.sendJson(exchange, 200, bundle(find(name, version)));
    }
  }

  private boolean authenticated(HttpExchange exchange) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String reason;
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      reason = "Request is missing a Bearer or PoP token.";
    } else {
      Optional<String> refusal = accessTokens.refusal(header.substring(7).strip(), AUDIENCES);
      if (refusal.isEmpty()) {
        return true;
      }
      reason = refusal.get();
    }
    LOG.info(
        "vault: 401 for {} {}: {}",
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        reason);
    exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
    Exchanges.sendJson(
        exchange, 401, Map.of("error", Map.of("code", "Unauthorized", "message", reason)));
    return false;
  }

  private void importKey(HttpExchange exchange, String name) throws IOException {
    if (!name.matches("[0-9a-zA-Z-]{1,127}")) {
      throw HttpError.badRequest("key name '" + name + "' must be 1-127 letters, digits or dashes");
    }
    JsonNode body = Exchanges.jsonBody(exchange);
    JsonNode jwk = body.path("key");
    if (!jwk.isObject()) {
      throw HttpError.badRequest("key is missing: the body needs a JSON Web Key in 'key'");
    }
    String kty = jwk.path("kty").asText("");
    if (!List.of("oct", "oct-HSM", "RSA", "RSA-HSM").contains(kty)) {
      throw HttpError.badRequest(
          "key.kty '" + kty + "' is not supported; use oct, oct-HSM, RSA or RSA-HSM");
    }
    if (hsmRequested(body) && !kty.endsWith("-HSM")) {
      kty = kty + "-HSM";
    }
    ObjectNode material;
    try {
      material = KeyMaterial.validated(kty, jwk);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    JsonNode attributes = body.path("attributes");
    boolean exportable = attributes.path("exportable").asBoolean(false);
    JsonNode policyNode = body.path("release_policy");
    String policyJson = null;
    if (policyNode.isObject()) {
      policyJson = policyText(policyNode);
    }
    if (exportable && policyJson == null) {
      throw HttpError.badRequest("an exportable key needs a release_policy");
    }
    long now = Instant.now().getEpochSecond();
    List<String> keyOps = new ArrayList<>();
    jwk.path("key_ops").forEach(op -> keyOps.add(op.asText()));
    Map<String, String> tags = new LinkedHashMap<>();
    body.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    StoredKey key =
        new StoredKey(
            name,
            HexFormat.of().formatHex(randomBytes(16)),
            kty,
            keyOps,
            material,
            now,
            now,
            attributes.path("enabled").asBoolean(true),
            exportable,
            tags,
            policyNode.path("contentType").asText(POLICY_CONTENT_TYPE),
            policyJson,
            policyNode.path("immutable").asBoolean(false));
    store.add(key);
    LOG.info(
        "vault: imported {} {} version {} (exportable {})", kty, name, key.version(), exportable);
    Exchanges.sendJson(exchange, 200, bundle(key));
  }

  /** The REST spec and the Azure SDK spell it "Hsm", the Go importkey tool "hsm". */
  private static boolean hsmRequested(JsonNode body) {
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (field.getKey().equalsIgnoreCase("hsm")) {
        return field.getValue().asBoolean(false);
      }
    }
    return false;
  }

  private static String policyText(JsonNode policyNode) {
    String data = policyNode.path("data").asText("");
    byte[] decoded;
    try {
      decoded = Base64.getUrlDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("release_policy.data is not base64url");
    }
    try {
      ReleasePolicy.parse(decoded);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("release_policy: " + e.getMessage());
    }
    return new String(decoded, StandardCharsets.UTF_8);
  }

  private void release(HttpExchange exchange, String name, String version, String apiVersion)
      throws IOException {
    JsonNode body = Exchanges.jsonBody(exchange);
    String target = body.path("target").asText("");
    if (target.isEmpty()) {
      throw HttpError.badRequest("target is missing: the body needs the attestation token");
    }
    StoredKey key = find(name, version);
    if (!key.exportable() || key.releasePolicy() == null) {
      throw new HttpError(
          403, "Forbidden", "key " + name + " is not exportable with a release policy");
    }
    if (!key.enabled()) {
      throw new HttpError(403, "Forbidden", "key " + name + " is disabled");
    }
    KeyWrap wrap;
    try {
      wrap = KeyWrap.named(body.path("enc").asText(null));
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    ReleasePolicy policy =
        ReleasePolicy.parse(key.releasePolicy().getBytes(StandardCharsets.UTF_8));
    JsonNode claims = verifier.verify(target, policy);
    Optional<String> refusal = policy.refusal(claims.path("iss").asText(), claims);
    if (refusal.isPresent()) {
      throw new HttpError(
          403,
          "Forbidden",
          "Target environment attestation statement does not satisfy the key's release policy: "
              + refusal.get());
    }
    JsonNode runtimeKey = runtimeKey(claims);
    byte[] material = KeyMaterial.toBytes(key.kty(), key.material());
    byte[] ciphertext;
    try {
      ciphertext = wrap.wrap(material, rsaPublicKey(runtimeKey));
    } catch (GeneralSecurityException e) {
      throw HttpError.badRequest("cannot wrap for x-ms-runtime.keys[0]: " + e.getMessage());
    } finally {
      Arrays.fill(material, (byte) 0);
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("kid", runtimeKey.path("kid").asText(""));
    header.put("alg", "dir");
    header.put("enc", wrap.name());
    Map<String, Object> keyHsm = new LinkedHashMap<>();
    keyHsm.put("schema_version", "1.0");
    keyHsm.put("header", header);
    keyHsm.put("ciphertext", B64URL.encodeToString(ciphertext));
    ObjectNode bundle = bundle(key);
    ((ObjectNode) bundle.get("key"))
        .put("key_hsm", B64URL.encodeToString(Exchanges.JSON.writeValueAsBytes(keyHsm)));
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("api-version", apiVersion);
    request.put("enc", wrap.name());
    request.put("kid", kid(key));
    if (body.hasNonNull("nonce")) {
      request.put("nonce", body.get("nonce").asText());
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("request", request);
    payload.put("response", Map.of("key", bundle));
    LOG.info("vault: released {} version {} wrapped with {}", name, key.version(), wrap.name());
    Exchanges.sendJson(
        exchange, 200, Map.of("value", signer.sign(Exchanges.JSON.writeValueAsBytes(payload))));
  }

  private static JsonNode runtimeKey(JsonNode claims) {
    for (JsonNode key : claims.path("x-ms-runtime").path("keys")) {
      if ("RSA".equals(key.path("kty").asText())) {
        return key;
      }
    }
    throw new HttpError(
        403,
        "Forbidden",
        "the attestation token has no RSA key in x-ms-runtime.keys to wrap the key for");
  }

  private static RSAPublicKey rsaPublicKey(JsonNode jwk) throws GeneralSecurityException {
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(
                  new RSAPublicKeySpec(
                      new BigInteger(1, b64.decode(jwk.path("n").asText())),
                      new BigInteger(1, b64.decode(jwk.path("e").asText()))));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("x-ms-runtime.keys[0] is not a readable RSA key", e);
    }
  }

  private StoredKey find(String name, String version) {
    return store
        .find(name, version)
        .orElseThrow(
            () ->
                HttpError.notFound(
                    "KeyNotFound",
                    "A key with (name/id) "
                        + name
                        + (version == null ? "" : "/" + version)
                        + " was not found in this key vault."));
  }

  private String kid(StoredKey key) {
    return vaultUrl + "/keys/" + key.name() + "/" + key.version();
  }

  /** The KeyBundle Key Vault answers with: public key parts only, attributes, release policy. */
  private ObjectNode bundle(StoredKey key) {
    ObjectNode bundle = Exchanges.JSON.createObjectNode();
    ObjectNode jwk = bundle.putObject("key");
    jwk.put("kid", kid(key));
    jwk.put("kty", key.kty());
    key.keyOps().forEach(jwk.putArray("key_ops")::add);
    if (key.isRsa()) {
      jwk.set("n", key.material().get("n"));
      jwk.set("e", key.material().get("e"));
    }
    ObjectNode attributes = bundle.putObject("attributes");
    attributes.put("enabled", key.enabled());
    attributes.put("created", key.created());
    attributes.put("updated", key.updated());
    attributes.put("recoveryLevel", "Recoverable+Purgeable");
    attributes.put("recoverableDays", 90);
    attributes.put("exportable", key.exportable());
    if (!key.tags().isEmpty()) {
      ObjectNode tags = bundle.putObject("tags");
      key.tags().forEach(tags::put);
    }
    if (key.releasePolicy() != null) {
      ObjectNode policy = bundle.putObject("release_policy");
      policy.put("contentType", key.releasePolicyContentType());
      policy.put(
          "data", B64URL.encodeToString(key.releasePolicy().getBytes(StandardCharsets.UTF_8)));
      policy.put("immutable", key.releasePolicyImmutable());
    }
    return bundle;
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
