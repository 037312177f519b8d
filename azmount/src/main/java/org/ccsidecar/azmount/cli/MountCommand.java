package org.ccsidecar.azmount.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ccsidecar.azmount.cache.BlockCache;
import org.ccsidecar.azmount.cache.CacheOptions;
import org.ccsidecar.azmount.fuse.FuseMount;
import org.ccsidecar.azmount.fuse.FuseOptions;
import org.ccsidecar.azmount.image.KeyFiles;
import org.ccsidecar.azmount.luks.LuksVolume;
import org.ccsidecar.azmount.source.BlobCredentialOptions;
import org.ccsidecar.azmount.source.BlobLocation;
import org.ccsidecar.azmount.source.BlobSources;
import org.ccsidecar.azmount.source.BlockSource;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code azmount mount}: serves a blob or a local image through FUSE, raw as {@code DIR/data} or,
 * with a key, decrypted as {@code DIR/volume}; in the foreground until unmounted or signalled.
 */
@Command(
    name = "mount",
    description = {
      "Serve an image from Azure Blob Storage or a local file through FUSE, in the foreground.",
      "Without --key-file, DIR/data holds the raw bytes; with it, DIR/volume holds the decrypted"
          + " LUKS payload, ready for a loop device (`losetup --find --show --direct-io=on"
          + " DIR/volume`, then mount that device).",
      "Runs until DIR is unmounted (umount DIR) or it gets SIGTERM/SIGINT; it then makes every"
          + " write durable, unmounts and exits 0."
    },
    usageHelpAutoWidth = true)
final class MountCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(MountCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--mountpoint",
      required = true,
      paramLabel = "DIR",
      description = "Empty directory to mount on; created when missing.")
  Path mountPoint;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Location location;

  static final class Location {
    @Option(
        names = "--url",
        paramLabel = "URL",
        description =
            "Blob URL (https://ACCOUNT.blob.core.windows.net/CONTAINER/BLOB, optionally with a"
                + " SAS token). Block blobs mount read-only; page blobs also read-write.")
    String url;

    @Option(names = "--local-path", paramLabel = "FILE", description = "A local image file.")
    Path localPath;
  }

  @Option(
      names = "--private",
      description =
          "Authenticate with a token from Azure identity (workload identity when configured,"
              + " else managed identity). Without it: a SAS token in the URL, else"
              + " AZURE_STORAGE_CONNECTION_STRING, else anonymous access.")
  boolean privateAccess;

  @Option(
      names = "--client-id",
      paramLabel = "ID",
      description = "Client id of the managed (or workload) identity for --private.")
  String clientId;

  @Option(
      names = "--block-size-kib",
      paramLabel = "N",
      description = "Cache block size in KiB, a multiple of 4 (default: 1024). Blob sources only.")
  Integer blockSizeKib;

  @Option(
      names = "--cache-mib",
      paramLabel = "N",
      description = "Memory for cached blocks in MiB (default: 64). Blob sources only.")
  Integer cacheMib;

  @Option(
      names = "--read-ahead",
      paramLabel = "N",
      description =
          "Blocks fetched ahead of a sequential reader, in requests of at least half as many,"
              + " 0 to 256 (default: 32). Blob sources only.")
  Integer readAheadBlocks;

  @Option(
      names = "--read-write",
      description =
          "Allow writes (page blobs and local files). The blob is leased while mounted, so a"
              + " second writer is refused.")
  boolean readWrite;

  @Option(
      names = "--key-file",
      paramLabel = "KEY",
      description =
          "File whose whole content is the LUKS passphrase (the sidecar's keys are 32 raw"
              + " bytes); serves the decrypted payload as DIR/volume.")
  Path keyFile;

  @Override
  public Integer call() throws IOException, InterruptedException {
    CacheOptions cacheOptions = cacheOptions();
    Path dir = prepareMountPoint();
    BlockSource served = openDevice(cacheOptions);
    UnmountOnSignal unmountOnSignal = UnmountOnSignal.install(spec.commandLine().getErr());
    FuseMount mount;
    try {
      if (keyFile != null) {
        served = openVolume(served);
      }
      mount =
          FuseMount.mount(dir, keyFile != null ? "volume" : "data", served, FuseOptions.defaults());
    } catch (IOException | RuntimeException e) {
      unmountOnSignal.uninstall();
      closeQuietly(served);
      throw e;
    }
    unmountOnSignal.mounted(mount);
    return serveUntilStopped(mount, unmountOnSignal);
  }

  private CacheOptions cacheOptions() {
    CacheOptions defaults = CacheOptions.defaults();
    try {
      return new CacheOptions(
          blockSizeKib == null ? defaults.blockSizeBytes() : Math.multiplyExact(blockSizeKib, 1024),
          cacheMib == null ? defaults.maxBytes() : cacheMib * 1024L * 1024L,
          readAheadBlocks == null ? defaults.readAheadBlocks() : readAheadBlocks);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "invalid cache settings: " + e.getMessage());
    }
  }

  private Path prepareMountPoint() throws IOException {
    if (Files.exists(mountPoint) && !Files.isDirectory(mountPoint)) {
      throw new IOException("mount point " + mountPoint + " is not a directory");
    }
    return Files.createDirectories(mountPoint);
  }

  /** The ciphertext (or raw) bytes: a local file as it is, or a blob behind the block cache. */
  private BlockSource openDevice(CacheOptions cacheOptions) throws IOException {
    if (location.localPath != null) {
      if (!Files.isRegularFile(location.localPath)) {
        throw new IOException(location.localPath + ": not a regular file");
      }
      return FileBlockSource.open(location.localPath, readWrite);
    }
    BlobLocation blob;
    try {
      blob = BlobLocation.parse(location.url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "invalid --url: " + e.getMessage());
    }
    keepAzureSdkAliveDuringShutdown();
    BlockSource source =
        BlobSources.open(
            blob, BlobCredentialOptions.fromEnvironment(privateAccess, clientId), readWrite);
    try {
      return BlockCache.open(source, cacheOptions);
    } catch (IOException | RuntimeException e) {
      closeQuietly(source);
      throw e;
    }
  }

  /**
   * The SDK's own shared executor shuts itself down in a JVM shutdown hook, which breaks the flush
   * our SIGTERM hook must still do. A caller-provided executor is left alone by the SDK.
   * TODO(azmount-data): remove once BlobClients does this for every blob source.
   */
  private static void keepAzureSdkAliveDuringShutdown() {
    java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();
    com.azure.core.util.SharedExecutorService.getInstance()
        .setExecutorService(
            java.util.concurrent.Executors.newScheduledThreadPool(
                4,
                runnable -> {
                  Thread thread = new Thread(runnable, "azure-sdk-" + count.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                }));
  }

  private BlockSource openVolume(BlockSource device) throws IOException {
    byte[] key = KeyFiles.read(keyFile);
    try {
      LuksVolume volume = LuksVolume.open(device, key);
      HeaderWarnings.print(volume.header(), spec.commandLine().getErr());
      return volume;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Waits for an external unmount or a signal (which {@link UnmountOnSignal} handles). */
  private int serveUntilStopped(FuseMount mount, UnmountOnSignal unmountOnSignal)
      throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    out.println("ready: " + mount.file());
    out.flush();
    mount.awaitUnmounted();
    log.info("{} was unmounted; exiting", mount.mountPoint());
    unmountOnSignal.uninstall();
    mount.close();
    return 0;
  }

  private static void closeQuietly(BlockSource source) {
    try {
      source.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing {} after a failed mount", source, e);
    }
  }
}
