package org.ccsidecar.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Azurite blob service (npm package {@code azurite}, command {@code azurite-blob}) on a free
 * loopback port, for tests.
 *
 * <pre>{@code
 * try (Azurite azurite = Azurite.start()) {           // skips (or fails in CI) without azurite
 *   String cs = azurite.connectionString();            // devstoreaccount1 with its well-known key
 *   String url = azurite.blobUrl("images", "disk.img"); // http://127.0.0.1:PORT/devstoreaccount1/images/disk.img
 *   azurite.stop();    // storage outage: the port refuses connections
 *   azurite.restart(); // back on the SAME port, with the same blobs
 * }                    // close(): stops it and deletes its workspace
 * }</pre>
 *
 * <p>Blobs live in a temporary workspace directory (not {@code --inMemoryPersistence}), so they
 * survive {@link #stop()}/{@link #restart()}; {@link #close()} deletes the workspace. To route
 * traffic through a {@link CuttableProxy}, use {@link #connectionString(int)} and {@link
 * #blobUrl(int, String, String)} with the proxy's port: shared-key signatures cover the path, not
 * the port, so requests through the proxy still authenticate.
 */
public final class Azurite implements AutoCloseable {
  public static final String COMMAND = "azurite-blob";
  public static final String ACCOUNT_NAME = "devstoreaccount1";

  /** The emulator's published, well-known account key (not a secret). */
  public static final String ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final long START_TIMEOUT_MS = 60_000;

  private final Path workspace;
  private final int port;
  private final Thread stopAtExit = new Thread(this::stop, "azurite-stop-at-exit");
  private Process process;

  private Azurite(Path workspace, int port) {
    this.workspace = workspace;
    this.port = port;
  }

  /**
   * Starts Azurite on a free loopback port and waits until it accepts connections. Skips the test
   * when {@code azurite-blob} is not installed (fails instead with REQUIRE_SYSTEM_TESTS=1).
   */
  public static Azurite start() throws IOException {
    SystemTests.requireCommand(COMMAND);
    Azurite azurite = new Azurite(Files.createTempDirectory("azurite-"), freePort());
    Runtime.getRuntime().addShutdownHook(azurite.stopAtExit); // no stray node process if tests die
    try {
      azurite.startProcess();
    } catch (IOException | RuntimeException e) {
      azurite.close();
      throw e;
    }
    return azurite;
  }

  /** Restarts a {@link #stop() stopped} Azurite on the same port with the same blobs. */
  public synchronized void restart() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("Azurite is already running on port " + port);
    }
    startProcess();
  }

  /** Stops the service (graceful, blobs are kept); its port then refuses connections. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT/devstoreaccount1}. */
  public String blobEndpoint() {
    return blobEndpoint(port);
  }

  /** The blob endpoint as reached through another local port (a proxy in front of Azurite). */
  public static String blobEndpoint(int viaPort) {
    return "http://127.0.0.1:" + viaPort + "/" + ACCOUNT_NAME;
  }

  /** The connection string for the account, as AZURE_STORAGE_CONNECTION_STRING would hold it. */
  public String connectionString() {
    return connectionString(port);
  }

  /** The connection string with its blob endpoint on {@code viaPort} (a proxy). */
  public static String connectionString(int viaPort) {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT_NAME
        + ";AccountKey="
        + ACCOUNT_KEY
        + ";BlobEndpoint="
        + blobEndpoint(viaPort)
        + ";";
  }

  /** URL of a blob on this Azurite. */
  public String blobUrl(String container, String blob) {
    return blobUrl(port, container, blob);
  }

  /** URL of a blob as reached through {@code viaPort}. */
  public static String blobUrl(int viaPort, String container, String blob) {
    return blobEndpoint(viaPort) + "/" + container + "/" + blob;
  }

  /** Stops Azurite and deletes its workspace. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException alreadyExiting) {
      // the hook is running or about to
    }
    deleteRecursively(workspace);
  }

  private void startProcess() throws IOException {
    Path log = workspace.resolve("azurite.log");
    List<String> command =
        List.of(
            COMMAND,
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            Integer.toString(port),
            "--location",
            workspace.resolve("data").toString(),
            "--skipApiVersionCheck",
            "--disableTelemetry",
            "--loose");
    synchronized (this) {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!listening()) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        stop();
        throw new IOException(
            "Azurite did not start listening on 127.0.0.1:" + port + "; its output:\n" + tail(log));
      }
      sleep(100);
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Azurite", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete Azurite workspace " + dir, e);
    }
  }
}
