package org.ccsidecar.skr.snp;

import java.util.Base64;

/** PEM text for DER certificates. */
public final class Pem {
  private Pem() {}

  public static String certificate(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }
}
