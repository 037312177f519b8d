package org.ccsidecar.remotefs.config;

import java.util.HexFormat;

/**
 * {@code raw_key}: a test key given in the configuration as hex. Secret: {@link #toString()} never
 * shows it, and {@link #bytes()} hands out a fresh copy for the caller to zero.
 */
public final class RawKey {
  private final String hex;

  RawKey(String hex) {
    this.hex = hex;
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  @Override
  public String toString() {
    return "RawKey[redacted]";
  }
}
