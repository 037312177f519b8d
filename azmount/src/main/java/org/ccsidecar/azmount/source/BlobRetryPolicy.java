package org.ccsidecar.azmount.source;

import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * Bounds on every storage call: up to {@code maxTries} attempts with exponential backoff between
 * {@code retryDelay} and {@code maxRetryDelay}, each attempt cut off after {@code tryTimeout}, the
 * whole call after {@link #totalTimeout()}. A call never waits longer than that, so a reader gets
 * data or an error, never a hang.
 */
public record BlobRetryPolicy(
    int maxTries, Duration tryTimeout, Duration retryDelay, Duration maxRetryDelay) {

  public BlobRetryPolicy {
    if (maxTries < 1) {
      throw new IllegalArgumentException("maxTries must be at least 1");
    }
    if (tryTimeout.isNegative()
        || tryTimeout.isZero()
        || retryDelay.isNegative()
        || maxRetryDelay.compareTo(retryDelay) < 0) {
      throw new IllegalArgumentException("timeouts must be positive, maxRetryDelay >= retryDelay");
    }
  }

  /** 4 tries, 15 s per try, backoff from 0.5 s up to 4 s: at most 73 s a call. */
  public static BlobRetryPolicy defaults() {
    return new BlobRetryPolicy(
        4, Duration.ofSeconds(15), Duration.ofMillis(500), Duration.ofSeconds(4));
  }

  /** The longest a call can take: every try timing out, every backoff at its cap, plus 1 s. */
  public Duration totalTimeout() {
    return tryTimeout
        .multipliedBy(maxTries)
        .plus(maxRetryDelay.multipliedBy(maxTries - 1L))
        .plusSeconds(1);
  }

  RequestRetryOptions toRequestRetryOptions() {
    return new RequestRetryOptions(
        RetryPolicyType.EXPONENTIAL, maxTries, tryTimeout, retryDelay, maxRetryDelay, null);
  }
}
