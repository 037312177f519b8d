package org.ccsidecar.skr.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ccsidecar.skr.net.Endpoints;

/**
 * A Key Vault release policy in the Go importkey tool's shape: {@code {"version":"1.0.0",
 * "anyOf":[{"authority":URL,"allOf":[{"claim":NAME,"equals":VALUE}]}]}}, one anyOf entry per claim
 * group, each naming the same MAA authority.
 */
public final class ReleasePolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReleasePolicy() {}

  /** One {@code {"claim", "equals"}} condition. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Claim(@JsonProperty("claim") String claim, @JsonProperty("equals") String equals) {}

  /**
   * The policy JSON for {@code claimGroups} under {@code authorityEndpoint}; a host becomes
   * "https://host" as in importkey, a full URL is taken as given.
   */
  public static String json(String authorityEndpoint, List<List<Claim>> claimGroups) {
    String authority = Endpoints.baseUri(authorityEndpoint).toString();
    List<Object> anyOf = new ArrayList<>();
    for (List<Claim> group : claimGroups) {
      List<Object> allOf = new ArrayList<>();
      for (Claim claim : group) {
        if (claim.claim() == null || claim.claim().isBlank()) {
          throw new IllegalArgumentException("claims: a condition has no claim name");
        }
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("claim", claim.claim());
        condition.put("equals", claim.equals() == null ? "" : claim.equals());
        allOf.add(condition);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("authority", authority);
      entry.put("allOf", allOf);
      anyOf.add(entry);
    }
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("version", "1.0.0");
    policy.put("anyOf", anyOf);
    try {
      return JSON.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize release policy", e);
    }
  }
}
