package org.ccsidecar.skr.emulator.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
  @Test
  void issuedToStringRedactsTheToken() {
    AccessTokens.Issued issued =
        new AccessTokens.Issued(
            "eyJhbGciOiJSUzI1NiJ9.secret.sig", Instant.EPOCH, Instant.EPOCH, "c1");
    String text = issued.toString();
    assertFalse(text.contains("eyJhbGci"), text);
    assertTrue(text.contains("clientId=c1"), text);
  }
}
