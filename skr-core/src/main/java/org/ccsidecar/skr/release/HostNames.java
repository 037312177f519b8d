package org.ccsidecar.skr.release;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Whether a certificate names a host: subject alternative names (DNS, with a single leftmost
 * wildcard label; IP addresses), or the subject CN when the certificate has no DNS names.
 */
final class HostNames {
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private HostNames() {}

  static boolean certificateNames(X509Certificate cert, String host) {
    String wanted = host.toLowerCase(Locale.ROOT);
    boolean hasDnsNames = false;
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return false;
    }
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1));
        if (type == SAN_DNS) {
          hasDnsNames = true;
          if (dnsMatches(value.toLowerCase(Locale.ROOT), wanted)) {
            return true;
          }
        } else if (type == SAN_IP && ipMatches(value, wanted)) {
          return true;
        }
      }
    }
    return !hasDnsNames && dnsMatches(commonName(cert), wanted);
  }

  static boolean dnsMatches(String pattern, String host) {
    if (pattern == null || pattern.isEmpty()) {
      return false;
    }
    if (!pattern.startsWith("*.")) {
      return pattern.equals(host);
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(pattern.substring(1));
  }

  private static boolean ipMatches(String sanIp, String host) {
    if (!host.matches("[0-9.]+|\\[?[0-9a-f:]+\\]?")) {
      return false;
    }
    try {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      return InetAddress.getByName(bare).equals(InetAddress.getByName(sanIp));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT);
        }
      }
    } catch (InvalidNameException e) {
      return null;
    }
    return null;
  }
}
