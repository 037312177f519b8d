package org.ccsidecar.azmount.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void sasSignatureIsRedactedWhereverItAppears() {
    String url =
        "https://acct.blob.core.windows.net/c/b.img?sv=2022-11-02&se=2030-01-01&sp=r"
            + "&sig=AbC%2Bdef%3D&spr=https";
    String redacted = Redaction.redact("GET " + url + " failed");
    assertFalse(redacted.contains("AbC%2Bdef%3D"), redacted);
    assertTrue(redacted.contains("sig=REDACTED&spr=https"), redacted);
    assertTrue(redacted.contains("sv=2022-11-02"), "the rest stays readable: " + redacted);
    assertEquals("x?SIG=REDACTED", Redaction.redact("x?SIG=secret"));
  }

  @Test
  void connectionStringSecretsAndBearerTokensAreRedacted() {
    String cs =
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5/+==;"
            + "EndpointSuffix=core.windows.net";
    assertEquals(
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=REDACTED;"
            + "EndpointSuffix=core.windows.net",
        Redaction.redact(cs));
    assertEquals(
        "BlobEndpoint=https://x;SharedAccessSignature=REDACTED",
        Redaction.redact("BlobEndpoint=https://x;SharedAccessSignature=sv=1&sig=abc"));
    assertEquals(
        "Authorization: Bearer REDACTED",
        Redaction.redact("Authorization: Bearer eyJ0eXAiOiJKV1Qi.eyJ1c2VyIjoxfQ.c2lnbmF0dXJl"));
  }

  @Test
  void theWordsBearerTokenAreNotASecret() {
    String text = "Using a(n) bearer token requires https";
    assertEquals(text, Redaction.redact(text));
  }

  @Test
  void textWithoutSecretsIsUnchanged() {
    String text = "blob http://127.0.0.1:10000/devstoreaccount1/c/b: not found (HTTP 404)";
    assertEquals(text, Redaction.redact(text));
    assertFalse(Redaction.containsSecret(text));
    assertTrue(Redaction.containsSecret("?sig=x"));
  }
}
