package org.ccsidecar.remotefs.config;

/**
 * The configuration is unusable. The message is one line that starts with the offending field's
 * path, e.g. {@code azure_filesystems[1].key.akv.endpoint: missing}.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
