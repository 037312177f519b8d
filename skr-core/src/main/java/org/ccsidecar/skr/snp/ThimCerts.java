package org.ccsidecar.skr.snp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.ccsidecar.skr.json.JsonErrors;

/**
 * The THIM certificate document (Azure's host AMD certificate, also the local THIM endpoint's
 * answer): the VCEK PEM, its TCB as hex ("tcbm"), the ASK + ARK PEM chain and a cache hint.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ThimCerts(
    @JsonProperty("vcekCert") String vcekCert,
    @JsonProperty("tcbm") String tcbm,
    @JsonProperty("certificateChain") String certificateChain,
    @JsonProperty("cacheControl") String cacheControl) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ThimCerts {
    vcekCert = vcekCert == null ? "" : vcekCert;
    tcbm = tcbm == null ? "" : tcbm;
    certificateChain = certificateChain == null ? "" : certificateChain;
    cacheControl = cacheControl == null ? "" : cacheControl;
  }

  public static ThimCerts parseJson(byte[] json) throws IOException {
    try {
      ThimCerts certs = JSON.readValue(json, ThimCerts.class);
      if (certs == null) {
        throw new IOException("THIM certificate JSON is empty");
      }
      return certs;
    } catch (JacksonException e) {
      throw new IOException("not a THIM certificate JSON document: " + JsonErrors.describe(e));
    }
  }

  /** Parses the base64 (standard alphabet) of THIM JSON, as the UVM hands it over. */
  public static ThimCerts parseBase64(String base64) throws IOException {
    byte[] json;
    try {
      json = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IOException("host AMD certificate is not valid base64: " + e.getMessage(), e);
    }
    return parseJson(json);
  }

  /** True when neither the VCEK nor the chain is present (the host gave no certificates). */
  public boolean absent() {
    return vcekCert.isEmpty() && certificateChain.isEmpty();
  }

  /** The TCB the VCEK was issued for, from "tcbm". */
  public TcbVersion tcb() {
    return TcbVersion.ofHex(tcbm);
  }

  /** VCEK PEM followed by the ASK and ARK PEM, the chain MAA takes. */
  public byte[] concatenatedPem() {
    return (vcekCert + certificateChain).getBytes(StandardCharsets.US_ASCII);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize THIM certificates", e);
    }
  }
}
