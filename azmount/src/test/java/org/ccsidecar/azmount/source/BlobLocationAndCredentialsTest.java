package org.ccsidecar.azmount.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.ccsidecar.azmount.source.BlobCredentialOptions.Kind;
import org.junit.jupiter.api.Test;

class BlobLocationAndCredentialsTest {
  private static final BlobLocation AZURE =
      BlobLocation.parse("https://acct.blob.core.windows.net/images/dir/disk.img");
  private static final BlobLocation WITH_SAS =
      BlobLocation.parse(
          "https://acct.blob.core.windows.net/images/disk.img?sv=2022-11-02&sp=r&sig=c2VjcmV0");

  @Test
  void parsesAzureAndEmulatorUrls() {
    assertEquals("images", AZURE.container());
    assertEquals("dir/disk.img", AZURE.blobName());
    assertFalse(AZURE.hasSas());
    BlobLocation emulator =
        BlobLocation.parse("http://127.0.0.1:10000/devstoreaccount1/images/disk.img");
    assertEquals("images", emulator.container());
    assertEquals("disk.img", emulator.blobName());
  }

  @Test
  void sasIsDetectedAndNeverDisplayed() {
    assertTrue(WITH_SAS.hasSas());
    assertEquals("https://acct.blob.core.windows.net/images/disk.img", WITH_SAS.toString());
  }

  @Test
  void badUrlsAreRefusedWithoutEchoingSecrets() {
    assertThrows(IllegalArgumentException.class, () -> BlobLocation.parse("ftp://x/c/b"));
    assertThrows(IllegalArgumentException.class, () -> BlobLocation.parse("not a url"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BlobLocation.parse("https://acct.blob.core.windows.net/onlycontainer?sig=abc"));
    assertFalse(e.getMessage().contains("sig=abc"), e.getMessage());
  }

  @Test
  void credentialKindFollowsTheDocumentedOrder() {
    Map<String, String> cs = Map.of(BlobCredentialOptions.CONNECTION_STRING_ENV, "AccountName=a");
    assertEquals(
        Kind.ANONYMOUS,
        BlobCredentialOptions.fromEnvironment(false, null, Map.of()).kindFor(AZURE));
    assertEquals(
        Kind.CONNECTION_STRING,
        BlobCredentialOptions.fromEnvironment(false, null, cs).kindFor(AZURE));
    assertEquals(
        Kind.SAS_IN_URL, BlobCredentialOptions.fromEnvironment(false, null, cs).kindFor(WITH_SAS));
    assertEquals(
        Kind.MANAGED_IDENTITY,
        BlobCredentialOptions.fromEnvironment(true, "id-1", cs).kindFor(WITH_SAS));
    Map<String, String> workload =
        Map.of(
            "AZURE_FEDERATED_TOKEN_FILE", "/var/run/token",
            "AZURE_TENANT_ID", "tenant",
            "AZURE_CLIENT_ID", "client");
    BlobCredentialOptions wi = BlobCredentialOptions.fromEnvironment(true, null, workload);
    assertEquals(Kind.WORKLOAD_IDENTITY, wi.kindFor(AZURE));
    assertEquals("client", wi.workloadClientId().orElseThrow());
    assertEquals(
        "override",
        BlobCredentialOptions.fromEnvironment(true, "override", workload)
            .workloadClientId()
            .orElseThrow());
  }

  @Test
  void credentialOptionsNeverPrintTheConnectionString() {
    String secret = "AccountName=a;AccountKey=c2VjcmV0";
    String text = BlobCredentialOptions.connectionString(secret).toString();
    assertFalse(text.contains("c2VjcmV0"), text);
  }

  @Test
  void retryPolicyBoundsTheWholeCall() {
    BlobRetryPolicy policy =
        new BlobRetryPolicy(
            3, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(9), policy.totalTimeout());
    assertEquals(Duration.ofSeconds(73), BlobRetryPolicy.defaults().totalTimeout());
    assertThrows(
        IllegalArgumentException.class,
        () -> new BlobRetryPolicy(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO));
  }
}
