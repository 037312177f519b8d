package org.ccsidecar.remotefs.sidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.ccsidecar.azmount.cache.BlockCache;
import org.ccsidecar.azmount.cache.CacheOptions;
import org.ccsidecar.azmount.fuse.FuseMount;
import org.ccsidecar.azmount.fuse.FuseOptions;
import org.ccsidecar.azmount.fuse.MountPoints;
import org.ccsidecar.azmount.luks.LuksHeader;
import org.ccsidecar.azmount.luks.LuksVolume;
import org.ccsidecar.azmount.source.BlobCredentialOptions;
import org.ccsidecar.azmount.source.BlobLocation;
import org.ccsidecar.azmount.source.BlobSources;
import org.ccsidecar.azmount.source.BlockSource;
import org.ccsidecar.remotefs.config.FilesystemConfig;
import org.ccsidecar.remotefs.config.SidecarConfig;
import org.ccsidecar.remotefs.mount.LoopMount;
import org.ccsidecar.remotefs.mount.MountPointLink;
import org.ccsidecar.skr.maa.EvidenceSource;
import org.ccsidecar.skr.net.TlsTrust;
import org.ccsidecar.skr.release.SecureKeyRelease;
import org.ccsidecar.skr.uvm.CertCacheConfig;
import org.ccsidecar.skr.uvm.UvmEvidenceSources;
import org.ccsidecar.skr.uvm.UvmSecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings up one filesystem from Azure Blob Storage: blob, block cache, key, LUKS volume, FUSE file
 * {@code <fuseRoot>/N/volume}, loop device and ext4 at {@code <mount_point>/../.filesystem-N}, and
 * last the symlink {@code mount_point}, so the path exists only once the files are readable.
 */
public final class BlobFilesystemStarter implements FilesystemStarter {
  private static final Logger LOG = LoggerFactory.getLogger(BlobFilesystemStarter.class);
  static final String VOLUME_FILE = "volume";
  // The stop budget is 10 s in all: a busy FUSE unmount may not take the default 10 s.
  // 1 MiB blocks and 8 of read-ahead as azmount's defaults, but half the memory per filesystem:
  // the sidecar hosts several, and its whole RSS should stay under 300 MiB with two.
  private static final CacheOptions CACHE_OPTIONS = new CacheOptions(1 << 20, 32L << 20, 8);
  private static final FuseOptions FUSE_OPTIONS =
      new FuseOptions(false, 1 << 20, 0, Duration.ofSeconds(15), Duration.ofSeconds(3));

  private final Path fuseRoot;
  private final FilesystemKeys keys;
  private final String identityClientId;
  private final FuseOptions fuseOptions;
  private final CacheOptions cacheOptions;

  BlobFilesystemStarter(
      Path fuseRoot,
      FilesystemKeys keys,
      String identityClientId,
      FuseOptions fuseOptions,
      CacheOptions cacheOptions) {
    this.fuseRoot = fuseRoot;
    this.keys = keys;
    this.identityClientId = identityClientId;
    this.fuseOptions = fuseOptions;
    this.cacheOptions = cacheOptions;
  }

  /**
   * The starter for {@code config}: FUSE files under a private temporary directory (removed by
   * {@code afterAll}), keys released with real attestation unless {@code fakeAttestation}.
   */
  public static BlobFilesystemStarter create(
      SidecarConfig config, boolean fakeAttestation, Teardown afterAll) throws IOException {
    for (FilesystemConfig fs : config.filesystems()) {
      // Parents are shared between filesystems: made here, removed after all are down.
      Directories.createMissing(fs.mountPoint().getParent(), afterAll);
    }
    Path fuseRoot = Files.createTempDirectory("remotefs-");
    afterAll.push("remove directory " + fuseRoot, () -> Files.deleteIfExists(fuseRoot));
    String clientId = config.azureInfo().identityClientId();
    FilesystemKeys keys =
        new FilesystemKeys(
            () ->
                SecureKeyRelease.builder()
                    .evidenceSource(evidence(fakeAttestation, config.azureInfo().certCache()))
                    .trust(TlsTrust.fromOptionOrEnvironment(null))
                    .clientId(clientId)
                    .build());
    return new BlobFilesystemStarter(fuseRoot, keys, clientId, FUSE_OPTIONS, CACHE_OPTIONS);
  }

  private static EvidenceSource evidence(boolean fake, CertCacheConfig certCache)
      throws IOException {
    UvmSecurityContext context = UvmSecurityContext.load();
    if (fake) {
      return UvmEvidenceSources.fake(context);
    }
    return UvmEvidenceSources.hardware(
        context, certCache == null ? CertCacheConfig.localThim() : certCache);
  }

  @Override
  public void start(FilesystemConfig fs, Teardown teardown) throws Exception {
    MountPointLink.checkAvailable(fs.mountPoint());
    checkNotMounted(fs.filesystemDir());

    Path fuseDir = fuseRoot.resolve(Integer.toString(fs.index()));
    Directories.createMissing(fuseDir, teardown);
    FuseMount fuse = serveVolume(fs, fuseDir);
    teardown.push("unmount FUSE " + fuseDir, fuse::close);

    Directories.createMissing(fs.filesystemDir(), teardown);
    LoopMount loop = LoopMount.mount(fuse.file(), fs.filesystemDir(), fs.readWrite());
    teardown.push("unmount " + fs.filesystemDir() + " and detach " + loop.device(), loop::close);

    MountPointLink link = MountPointLink.publish(fs.mountPoint(), fs.filesystemDir());
    teardown.push("remove symlink " + fs.mountPoint(), link::remove);
    LOG.info(
        "{}: mounted {} ({}) via {}",
        fs.label(),
        fs.filesystemDir(),
        fs.readWrite() ? "read-write" : "read-only",
        loop.device());
  }

  /**
   * Blob (with its cache) and key, obtained at the same time, then the LUKS volume, served as
   * {@code fuseDir/volume}; closes everything and zeroes the key on failure.
   */
  private FuseMount serveVolume(FilesystemConfig fs, Path fuseDir) throws IOException {
    long started = System.nanoTime();
    PendingKey key = PendingKey.start(keys, fs);
    BlockSource opened = null;
    try {
      BlobLocation location = BlobLocation.parse(fs.azureUrl());
      LOG.info(
          "{}: opening blob {} ({})",
          fs.label(),
          location,
          fs.readWrite() ? "read-write" : "read-only");
      opened =
          BlobSources.open(
              location,
              BlobCredentialOptions.fromEnvironment(fs.azureUrlPrivate(), identityClientId),
              fs.readWrite());
      opened = BlockCache.open(opened, cacheOptions);
      // While the key is still on its way: the header's blocks come into the cache, so that
      // unlocking needs no more round trips to the blob (and a blob that is no LUKS image
      // fails here).
      LuksHeader.read(opened);
    } catch (IOException | RuntimeException e) {
      if (opened != null) {
        closeQuietly(opened);
      }
      key.discard();
      throw e;
    }
    LOG.debug("{}: blob open, LUKS header read after {} ms", fs.label(), elapsedMillis(started));
    try {
      byte[] keyBytes = key.get();
      LOG.debug("{}: key obtained after {} ms", fs.label(), elapsedMillis(started));
      try {
        opened = LuksVolume.open(opened, keyBytes);
      } finally {
        Arrays.fill(keyBytes, (byte) 0);
      }
      LOG.debug("{}: LUKS volume unlocked after {} ms", fs.label(), elapsedMillis(started));
      FuseMount fuse = FuseMount.mount(fuseDir, VOLUME_FILE, opened, fuseOptions);
      LOG.debug("{}: FUSE file served after {} ms", fs.label(), elapsedMillis(started));
      return fuse;
    } catch (IOException | RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void checkNotMounted(Path dir) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && MountPoints.isMountPoint(dir.toRealPath())) {
      throw new IOException(
          dir
              + " is still mounted (an earlier remotefs did not stop cleanly);"
              + " run umount -l "
              + dir
              + " first");
    }
  }

  private static void closeQuietly(BlockSource source) {
    try {
      source.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing {} after a failed start: {}", source, e.toString());
    }
  }
}
