package org.ccsidecar.remotefs.config;

/**
 * {@code azure_info.certcache}: the certificate cache that serves the VCEK chain when the UVM
 * security context has none. Optional fields are null when absent.
 */
public record CertCache(
    String endpointType, String endpoint, String teeType, String apiVersion, String clientId) {}
