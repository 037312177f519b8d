package org.ccsidecar.skr.emulator.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.ccsidecar.skr.emulator.http.Exchanges;
import org.junit.jupiter.api.Test;

class ReleasePolicyTest {
  static final String MAA = "https://maa.example";

  static ReleasePolicy policy(String json) {
    return ReleasePolicy.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode claims(String json) throws Exception {
    return Exchanges.JSON.readTree(json.replace('\'', '"'));
  }

  static final String CLAIMS =
      "{'iss':'https://maa.example','x-ms-sevsnpvm-is-debuggable':false,'x-ms-sevsnpvm-vmpl':0,"
          + "'x-ms-sevsnpvm-hostdata':'abcd','x-ms-runtime':{'keys':[{'kty':'RSA','kid':'k1'}]}}";

  @Test
  void stringsEqualBooleansAndNumbersAsKeyVaultCompares() throws Exception {
    ReleasePolicy policy =
        policy(
            "{'version':'1.0.0','anyOf':[{'authority':'maa.example','allOf':["
                + "{'claim':'x-ms-sevsnpvm-is-debuggable','equals':'false'},"
                + "{'claim':'x-ms-sevsnpvm-vmpl','equals':'0'},"
                + "{'claim':'x-ms-sevsnpvm-hostdata','equals':'abcd'}]}]}");
    assertEquals(Optional.empty(), policy.refusal(MAA, claims(CLAIMS)));
    assertEquals(List.of("https://maa.example"), policy.authorities());
  }

  @Test
  void theFirstFailingClaimIsNamedWithBothValues() throws Exception {
    ReleasePolicy policy =
        policy(
            "{'anyOf':[{'authority':'https://maa.example/','allOf':["
                + "{'claim':'x-ms-sevsnpvm-vmpl','equals':0},"
                + "{'claim':'x-ms-sevsnpvm-hostdata','equals':'ffff'}]}]}");
    String refusal = policy.refusal(MAA, claims(CLAIMS)).orElseThrow();
    assertTrue(refusal.contains("claim 'x-ms-sevsnpvm-hostdata' is 'abcd'"), refusal);
    assertTrue(refusal.contains("'ffff'"), refusal);
  }

  @Test
  void nestedAnyOfDottedPathsExistsAndNotEquals() throws Exception {
    ReleasePolicy policy =
        policy(
            "{'anyOf':[{'authority':'https://maa.example','allOf':["
                + "{'anyOf':[{'claim':'x-ms-sevsnpvm-vmpl','equals':'3'},{'claim':'x-ms-runtime.keys.0.kid','equals':'k1'}]},"
                + "{'claim':'x-ms-runtime.keys','exists':true},"
                + "{'claim':'x-ms-sevsnpvm-hostdata','notEquals':'0000'}]}]}");
    assertEquals(Optional.empty(), policy.refusal(MAA, claims(CLAIMS)));
    String missing =
        policy
            .refusal(MAA, claims("{'x-ms-sevsnpvm-vmpl':3,'x-ms-sevsnpvm-hostdata':'1'}"))
            .orElseThrow();
    assertTrue(missing.contains("'x-ms-runtime.keys' is missing"), missing);
  }

  @Test
  void anIssuerThePolicyDoesNotNameIsRefusedNamingIt() throws Exception {
    ReleasePolicy policy =
        policy(
            "{'anyOf':[{'authority':'maa.example','allOf':[{'claim':'x-ms-sevsnpvm-vmpl','equals':'0'}]}]}");
    String refusal = policy.refusal("https://other.example", claims(CLAIMS)).orElseThrow();
    assertTrue(refusal.contains("https://other.example"), refusal);
    assertTrue(refusal.contains("https://maa.example"), refusal);
  }

  @Test
  void malformedPoliciesAreRejectedAtImportNamingTheProblem() {
    assertThrows(IllegalArgumentException.class, () -> policy("[]"));
    assertThrows(IllegalArgumentException.class, () -> policy("{'anyOf':[]}"));
    IllegalArgumentException noAuthority =
        assertThrows(
            IllegalArgumentException.class,
            () -> policy("{'anyOf':[{'allOf':[{'claim':'a','equals':'b'}]}]}"));
    assertTrue(noAuthority.getMessage().contains("authority"), noAuthority.getMessage());
    IllegalArgumentException operator =
        assertThrows(
            IllegalArgumentException.class,
            () -> policy("{'anyOf':[{'authority':'x','allOf':[{'claim':'a','greater':1}]}]}"));
    assertTrue(operator.getMessage().contains("greater"), operator.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            policy(
                "{'anyOf':[{'authority':'x','allOf':[{'claim':'a','equals':'1','notEquals':'2'}]}]}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReleasePolicy.parse("not json".getBytes(StandardCharsets.UTF_8)));
  }
}
