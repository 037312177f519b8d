package org.ccsidecar.remotefs.config;

/**
 * {@code key_derivation}: HKDF salt (hex) and label for RSA keys; both public.
 *
 * @param salt hex string, empty when absent
 * @param label empty when absent (the default label then applies)
 */
public record KeyDerivation(String salt, String label) {
  static final KeyDerivation NONE = new KeyDerivation("", "");
}
