package org.ccsidecar.skr.emulator.vault;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import java.security.KeyPair;
import java.util.HexFormat;
import org.ccsidecar.skr.emulator.pki.CertificateChain;

/**
 * Signs release responses as Key Vault does: an RS256 JWS whose header carries the signing
 * certificate chain in x5c (leaf naming the vault host, then the emulator CA) and its thumbprints.
 */
final class ReleaseSigner {
  private final KeyPair keyPair;
  private final CertificateChain chain;

  ReleaseSigner(KeyPair keyPair, CertificateChain chain) {
    this.keyPair = keyPair;
    this.chain = chain;
  }

  String sign(byte[] payload) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID(HexFormat.of().formatHex(chain.leafSha1()))
            .x509CertChain(chain.x5c())
            .x509CertSHA256Thumbprint(Base64URL.encode(chain.leafSha256()))
            .build();
    JWSObject jws = new JWSObject(header, new Payload(payload));
    try {
      jws.sign(new RSASSASigner(keyPair.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the release response", e);
    }
    return jws.serialize();
  }
}
