package org.ccsidecar.azmount.source;

import com.azure.core.http.RequestConditions;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive write lease on a blob for the life of a read-write open: acquired at start (a blob
 * already leased is refused: "leased by another writer"), renewed on a daemon thread every third of
 * its duration, released at {@link #close()}. Should renewal find the lease gone, writes fail from
 * then on instead of racing another writer.
 */
public final class BlobLease implements Closeable {
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
  private static final Logger log = LoggerFactory.getLogger(BlobLease.class);

  private final BlobLocation location;
  private final BlobLeaseClient client;
  private final Duration callTimeout;
  private final ScheduledExecutorService renewer;
  private volatile String lostReason;

  private BlobLease(
      BlobLocation location,
      BlobLeaseClient client,
      Duration callTimeout,
      ScheduledExecutorService renewer) {
    this.location = location;
    this.client = client;
    this.callTimeout = callTimeout;
    this.renewer = renewer;
  }

  /**
   * Acquires the lease for {@code duration} (15 to 60 s, as the service allows) and starts
   * renewing.
   *
   * @throws IOException "blob X is leased by another writer" when someone else holds it
   */
  public static BlobLease acquire(
      BlobClient blob, BlobLocation location, Duration duration, BlobRetryPolicy retry)
      throws IOException {
    long seconds = duration.toSeconds();
    if (seconds < 15 || seconds > 60) {
      throw new IllegalArgumentException("lease duration must be 15 to 60 s, not " + seconds);
    }
    BlobLeaseClient client = new BlobLeaseClientBuilder().blobClient(blob).buildClient();
    try {
      client.acquireLeaseWithResponse((int) seconds, null, retry.totalTimeout(), Context.NONE);
    } catch (RuntimeException e) {
      if (StorageErrors.is(e, BlobErrorCode.LEASE_ALREADY_PRESENT) || StorageErrors.is(e, 409)) {
        throw new IOException(
            "blob "
                + location
                + " is leased by another writer; only one read-write mount at a time"
                + " (wait for it to unmount, or up to "
                + seconds
                + " s after it died)");
      }
      throw StorageErrors.io(location, "acquiring the write lease", e);
    }
    ScheduledExecutorService renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "blob-lease-renew");
              t.setDaemon(true);
              return t;
            });
    BlobLease lease = new BlobLease(location, client, retry.totalTimeout(), renewer);
    long period = Math.max(1, seconds * 1000 / 3);
    renewer.scheduleWithFixedDelay(lease::renew, period, period, TimeUnit.MILLISECONDS);
    log.debug("acquired write lease on blob {}", location);
    return lease;
  }

  /** The lease id every write must carry. */
  public String id() {
    return client.getLeaseId();
  }

  /** Throws when renewal found the lease gone (another writer may have taken the blob). */
  public void requireHeld() throws IOException {
    String reason = lostReason;
    if (reason != null) {
      throw new IOException("write lease on blob " + location + " was lost: " + reason);
    }
  }

  /**
   * Renews now, for a write refused because the lease expired (storage unreachable for longer than
   * the lease). The service renews an expired lease unless another writer leased the blob since.
   *
   * @throws IOException when the lease cannot be had back; the lease then counts as lost
   */
  public void renewExpired() throws IOException {
    requireHeld();
    try {
      client.renewLeaseWithResponse((RequestConditions) null, callTimeout, Context.NONE);
    } catch (RuntimeException e) {
      IOException failure = StorageErrors.io(location, "renewing the expired write lease", e);
      if (StorageErrors.is(e, 409) || StorageErrors.is(e, 412)) {
        lostReason = failure.getMessage();
      }
      throw failure;
    }
  }

  private void renew() {
    try {
      renewExpired();
    } catch (IOException e) {
      if (lostReason != null) {
        log.error("{}; writes will fail", lostReason);
      } else {
        log.warn("{}; will retry", e.getMessage());
      }
    }
  }

  /** Stops renewing and releases the lease so another writer may open the blob at once. */
  @Override
  public void close() throws IOException {
    renewer.shutdownNow();
    if (lostReason != null) {
      return;
    }
    try {
      client.releaseLeaseWithResponse((RequestConditions) null, callTimeout, Context.NONE);
      log.debug("released write lease on blob {}", location);
    } catch (RuntimeException e) {
      throw StorageErrors.io(location, "releasing the write lease", e);
    }
  }
}
