package org.ccsidecar.remotefs.config;

import java.util.List;

/** The sidecar's whole configuration: the Go sidecar's {@code EncfsSideCarArgs} JSON, validated. */
public record SidecarConfig(AzureInfo azureInfo, List<FilesystemConfig> filesystems) {
  public SidecarConfig {
    filesystems = List.copyOf(filesystems);
  }
}
