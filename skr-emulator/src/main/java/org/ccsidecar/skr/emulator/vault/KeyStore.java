package org.ccsidecar.skr.emulator.vault;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ccsidecar.skr.emulator.http.Exchanges;

/** The vault's keys by name, every version kept, saved to {@code keys.json} on each change. */
final class KeyStore {
  private static final TypeReference<Map<String, List<StoredKey>>> TYPE = new TypeReference<>() {};

  private final Path file;
  private final Map<String, List<StoredKey>> keys;

  private KeyStore(Path file, Map<String, List<StoredKey>> keys) {
    this.file = file;
    this.keys = keys;
  }

  static KeyStore open(Path stateDir) throws IOException {
    Path file = stateDir.resolve("keys.json");
    if (!Files.exists(file)) {
      return new KeyStore(file, new LinkedHashMap<>());
    }
    try {
      return new KeyStore(file, new LinkedHashMap<>(Exchanges.JSON.readValue(file.toFile(), TYPE)));
    } catch (IOException e) {
      throw new IOException(file + " is not a key store the emulator wrote: " + e.getMessage(), e);
    }
  }

  synchronized void add(StoredKey key) throws IOException {
    keys.computeIfAbsent(key.name(), n -> new ArrayList<>()).add(key);
    save();
  }

  /** The newest version when {@code version} is null or empty. */
  synchronized Optional<StoredKey> find(String name, String version) {
    List<StoredKey> versions = keys.getOrDefault(name, List.of());
    if (version == null || version.isEmpty()) {
      return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }
    return versions.stream().filter(k -> k.version().equals(version)).findFirst();
  }

  private void save() throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(
        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Exchanges.JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), keys);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
