package org.ccsidecar.skr.emulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ccsidecar.skr.emulator.http.Exchanges;

/**
 * Where a running emulator listens, as written to {@code endpoints.json}: full URLs of the MAA, the
 * vault and IMDS, and the PEM file of the CA its TLS and release signatures chain to.
 */
public record Endpoints(
    @JsonProperty("maa") String maa,
    @JsonProperty("vault") String vault,
    @JsonProperty("imds") String imds,
    @JsonProperty("ca_file") String caFile) {

  public static final String FILE_NAME = "endpoints.json";

  public String toJson() {
    try {
      return Exchanges.JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Endpoints read(Path stateDir) throws IOException {
    return Exchanges.JSON.readValue(stateDir.resolve(FILE_NAME).toFile(), Endpoints.class);
  }

  void write(Path stateDir) throws IOException {
    Path temp = stateDir.resolve(FILE_NAME + ".tmp");
    Files.writeString(temp, toJson() + "\n");
    Files.move(
        temp,
        stateDir.resolve(FILE_NAME),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
