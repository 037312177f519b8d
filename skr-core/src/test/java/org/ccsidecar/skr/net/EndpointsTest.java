package org.ccsidecar.skr.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EndpointsTest {
  @Test
  void hostWithoutSchemeMeansHttps() {
    assertEquals(
        "https://myvault.vault.azure.net", Endpoints.baseUri("myvault.vault.azure.net").toString());
    assertEquals(
        "https://sharedneu.neu.attest.azure.net/attest/x?a=b",
        Endpoints.resolve("sharedneu.neu.attest.azure.net/", "/attest/x?a=b").toString());
  }

  @Test
  void hostWithPortWithoutSchemeMeansHttps() {
    assertEquals("https://127.0.0.1:8443", Endpoints.baseUri("127.0.0.1:8443").toString());
    assertEquals("127.0.0.1", Endpoints.host("127.0.0.1:8443"));
  }

  @Test
  void fullUrlIsTakenAsGiven() {
    assertEquals("http://127.0.0.1:9000", Endpoints.baseUri("http://127.0.0.1:9000/").toString());
    assertEquals("https://localhost:1", Endpoints.baseUri("https://localhost:1").toString());
  }

  @Test
  void localEndpointsAreRecognised() {
    assertTrue(Endpoints.isLocal("https://127.0.0.1:8443"));
    assertTrue(Endpoints.isLocal("localhost:8443"));
    assertFalse(Endpoints.isLocal("myhsm.managedhsm.azure.net"));
  }

  @Test
  void rejectsWhatIsNotAnEndpoint() {
    assertThrows(IllegalArgumentException.class, () -> Endpoints.baseUri(""));
    assertThrows(IllegalArgumentException.class, () -> Endpoints.baseUri("ftp://host"));
    assertThrows(IllegalArgumentException.class, () -> Endpoints.baseUri("https://"));
    assertThrows(IllegalArgumentException.class, () -> Endpoints.baseUri("a b"));
  }

  @Test
  void redactsTokens() {
    assertEquals("aGVhZA.Ym9keQ.***", Redaction.token("aGVhZA.Ym9keQ.c2lnbmF0dXJl"));
    assertEquals("<redacted: not a JWT>", Redaction.token("opaque-bearer-token"));
    assertEquals("<none>", Redaction.token(null));
  }
}
