package org.ccsidecar.remotefs.config;

import java.util.List;

/** A valid configuration and the warnings found while reading it (unknown fields, ignored keys). */
public record ParsedConfig(SidecarConfig config, List<String> warnings) {
  public ParsedConfig {
    warnings = List.copyOf(warnings);
  }
}
