package org.ccsidecar.remotefs.config;

import org.ccsidecar.skr.uvm.CertCacheConfig;

/**
 * {@code azure_info}: where certificates come from when the host provides none, and which managed
 * identity to use.
 *
 * @param certCache {@code certcache}, or null when absent
 * @param identityClientId {@code identity.client_id}, or null for the system-assigned identity
 */
public record AzureInfo(CertCacheConfig certCache, String identityClientId) {
  static final AzureInfo NONE = new AzureInfo(null, null);
}
