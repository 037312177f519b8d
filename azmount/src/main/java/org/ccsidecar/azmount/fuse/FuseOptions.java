package org.ccsidecar.azmount.fuse;

import java.time.Duration;

/**
 * How a {@link FuseMount} talks to the kernel.
 *
 * @param allowOther let users other than the mounting one open the file (FUSE {@code allow_other})
 * @param maxReadBytes largest read the kernel may ask for in one request ({@code max_read})
 * @param kernelReadAheadKib read-ahead the kernel applies to the served file, in KiB; 0 keeps the
 *     kernel's default
 * @param mountTimeout how long {@link FuseMount#mount} waits for the file to appear
 * @param unmountTimeout how long {@link FuseMount#close} waits for a clean unmount before it falls
 *     back to a lazy one
 */
public record FuseOptions(
    boolean allowOther,
    int maxReadBytes,
    int kernelReadAheadKib,
    Duration mountTimeout,
    Duration unmountTimeout) {

  public FuseOptions {
    if (maxReadBytes < 4096) {
      throw new IllegalArgumentException("maxReadBytes must be at least 4096: " + maxReadBytes);
    }
    if (kernelReadAheadKib < 0) {
      throw new IllegalArgumentException("kernelReadAheadKib must be >= 0: " + kernelReadAheadKib);
    }
  }

  public static FuseOptions defaults() {
    return new FuseOptions(false, 1 << 20, 0, Duration.ofSeconds(15), Duration.ofSeconds(5));
  }

  public FuseOptions withAllowOther(boolean allow) {
    return new FuseOptions(allow, maxReadBytes, kernelReadAheadKib, mountTimeout, unmountTimeout);
  }

  public FuseOptions withKernelReadAheadKib(int kib) {
    return new FuseOptions(allowOther, maxReadBytes, kib, mountTimeout, unmountTimeout);
  }
}
