package org.ccsidecar.remotefs.sidecar;

import java.io.IOException;
import org.ccsidecar.remotefs.config.FilesystemConfig;
import org.ccsidecar.skr.release.SecureKeyRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LUKS key-file bytes for each filesystem: released by secure key release, or the raw_key of
 * the configuration when the operator allowed it. The release client is built on first use, so a
 * configuration with raw keys only needs no attestation hardware.
 */
final class FilesystemKeys {
  private static final Logger LOG = LoggerFactory.getLogger(FilesystemKeys.class);

  /** Builds the release client (attestation source, trust, identity) on first use. */
  @FunctionalInterface
  interface ReleaseFactory {
    SecureKeyRelease create() throws IOException;
  }

  private final ReleaseFactory factory;
  private SecureKeyRelease release;

  FilesystemKeys(ReleaseFactory factory) {
    this.factory = factory;
  }

  /** The key for {@code fs}; the caller zeroes it. */
  byte[] keyFor(FilesystemConfig fs) throws IOException {
    if (fs.rawKey() != null) {
      LOG.warn("{}: using raw_key from the configuration (testing only)", fs.label());
      return fs.rawKey().bytes();
    }
    LOG.info(
        "{}: releasing key {} from {} (attested by {})",
        fs.label(),
        fs.key().kid(),
        fs.key().akv().endpoint(),
        fs.key().authority().endpoint());
    try {
      return client().release(fs.key(), fs.keyDerivation());
    } catch (IOException | RuntimeException e) {
      throw new IOException("key release of " + fs.key().kid() + " failed: " + e.getMessage(), e);
    }
  }

  private synchronized SecureKeyRelease client() throws IOException {
    if (release == null) {
      release = factory.create();
    }
    return release;
  }
}
