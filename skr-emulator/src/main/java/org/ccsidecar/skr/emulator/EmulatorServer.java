package org.ccsidecar.skr.emulator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ccsidecar.skr.emulator.http.Exchanges;
import org.ccsidecar.skr.emulator.identity.AccessTokens;
import org.ccsidecar.skr.emulator.identity.ImdsService;
import org.ccsidecar.skr.emulator.maa.MaaService;
import org.ccsidecar.skr.emulator.pki.CertificateChain;
import org.ccsidecar.skr.emulator.pki.EmulatorCa;
import org.ccsidecar.skr.emulator.pki.RsaKeys;
import org.ccsidecar.skr.emulator.vault.VaultService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulator process: MAA and Key Vault on one HTTPS listener (their paths do not overlap), IMDS
 * on a plain-HTTP listener as the real one is, all on 127.0.0.1. Keys, the CA and the signing keys
 * live in the state directory, so a restart keeps imported keys and clients' trust.
 */
public final class EmulatorServer implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);

  private final HttpsServer https;
  private final HttpServer imds;
  private final ExecutorService executor;
  private final Endpoints endpoints;

  private EmulatorServer(
      HttpsServer https, HttpServer imds, ExecutorService executor, Endpoints endpoints) {
    this.https = https;
    this.imds = imds;
    this.executor = executor;
    this.endpoints = endpoints;
  }

  /** Starts with IMDS on any free port. */
  public static EmulatorServer start(int port, Path stateDir) throws IOException {
    return start(port, 0, stateDir);
  }

  /**
   * Starts listening on 127.0.0.1:{@code port} (HTTPS; 0 picks a free port) and 127.0.0.1:{@code
   * imdsPort} (HTTP) and writes {@code endpoints.json} into {@code stateDir}.
   */
  public static EmulatorServer start(int port, int imdsPort, Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    EmulatorCa ca = EmulatorCa.loadOrCreate(stateDir);
    InetAddress loopback = InetAddress.getByName(HOST);
    KeyPair tlsKey = RsaKeys.generate(2048);
    HttpsServer https = HttpsServer.create(new InetSocketAddress(loopback, port), 64);
    HttpServer imds;
    try {
      imds = HttpServer.create(new InetSocketAddress(loopback, imdsPort), 64);
    } catch (IOException e) {
      https.stop(0);
      throw e;
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            16,
            runnable -> {
              Thread thread = new Thread(runnable, "skr-emulator-http");
              thread.setDaemon(true);
              return thread;
            });
    EmulatorServer server;
    try {
      https.setHttpsConfigurator(
          new HttpsConfigurator(
              ca.serverContext(tlsKey, ca.issue(tlsKey, HOST, List.of("localhost")))));
      server = new EmulatorServer(https, imds, executor, serve(https, imds, ca, stateDir));
      https.setExecutor(executor);
      imds.setExecutor(executor);
      https.start();
      imds.start();
      server.endpoints.write(stateDir);
    } catch (IOException | RuntimeException e) {
      https.stop(0);
      imds.stop(0);
      executor.shutdownNow();
      throw e;
    }
    LOG.warn(
        "skr-emulator listening: MAA and Key Vault at {}, IMDS at {}. TEST ONLY: it accepts"
            + " unsigned (fake) SNP reports and keeps keys in the clear in {}",
        server.endpoints.maa(),
        server.endpoints.imds(),
        stateDir.toAbsolutePath());
    return server;
  }

  /** Mounts the three services on the listeners; returns where they answer. */
  private static Endpoints serve(HttpsServer https, HttpServer imds, EmulatorCa ca, Path stateDir)
      throws IOException {
    String baseUrl = "https://" + HOST + ":" + https.getAddress().getPort();
    String imdsUrl = "http://" + HOST + ":" + imds.getAddress().getPort();

    KeyPair maaKey = RsaKeys.loadOrCreate(stateDir.resolve("maa-signing-key.pem"));
    MaaService maa = new MaaService(maaKey, chain(ca, maaKey), baseUrl);
    for (String path : MaaService.paths()) {
      https.createContext(path, Exchanges.guarded("maa", maa));
    }

    AccessTokens accessTokens =
        new AccessTokens(RsaKeys.loadOrCreate(stateDir.resolve("identity-signing-key.pem")));
    KeyPair vaultKey = RsaKeys.loadOrCreate(stateDir.resolve("vault-signing-key.pem"));
    VaultService vault =
        new VaultService(
            baseUrl, stateDir, accessTokens, ca.clientContext(), vaultKey, chain(ca, vaultKey));
    https.createContext("/keys", Exchanges.guarded("vault", vault));
    imds.createContext("/", new ImdsService(accessTokens));
    return new Endpoints(
        baseUrl, baseUrl, imdsUrl, ca.certificateFile().toAbsolutePath().toString());
  }

  /** A signing certificate naming the emulator's host, issued by the CA, then the CA. */
  private static CertificateChain chain(EmulatorCa ca, KeyPair key) {
    return new CertificateChain(
        List.of(ca.issue(key, HOST, List.of("localhost")), ca.certificate()));
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    https.stop(0);
    imds.stop(0);
    executor.shutdownNow();
  }
}
