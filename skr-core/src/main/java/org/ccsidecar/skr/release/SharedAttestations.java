package org.ccsidecar.skr.release;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.ccsidecar.skr.maa.WrappingKey;
import org.ccsidecar.skr.net.Awaited;

/**
 * One wrapping key and MAA token per MAA endpoint, shared by the releases that start within {@link
 * #REUSE_WINDOW} of it: a sidecar releasing several keys at start-up makes one RSA key, one report
 * and one MAA call instead of one each. Every released key is still wrapped to a key only this
 * process holds; a caller arriving while the attestation is under way waits for it, and a failed
 * attestation is not kept.
 */
final class SharedAttestations {
  /** Far inside an MAA token's lifetime (hours), so Key Vault never sees an expired one. */
  static final Duration REUSE_WINDOW = Duration.ofMinutes(2);

  /** Makes a fresh attestation: a wrapping key and an MAA token carrying it. */
  @FunctionalInterface
  interface Attester {
    String attest(String maaEndpoint, WrappingKey wrappingKey) throws IOException;
  }

  record Attestation(WrappingKey wrappingKey, String token) {}

  private record Entry(Instant started, CompletableFuture<Attestation> attestation) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Attester attester;
  private final Clock clock;
  private final AtomicReference<FutureTask<WrappingKey>> firstKey;

  /** A first wrapping key started before any instance existed, for the first one made. */
  static final AtomicReference<FutureTask<WrappingKey>> PREPARED = new AtomicReference<>();

  /**
   * Takes the key {@link #prepareFirstKey} started, or starts making one at once, on its own
   * thread: an RSA key costs a fresh JVM a good part of a second, which then overlaps setting up
   * the HTTP clients.
   */
  SharedAttestations(Attester attester, Clock clock) {
    this.attester = attester;
    this.clock = clock;
    FutureTask<WrappingKey> generation = PREPARED.getAndSet(null);
    this.firstKey = new AtomicReference<>(generation != null ? generation : startGeneration());
  }

  /** Starts the first instance's wrapping key now (see {@link SecureKeyRelease#prepare()}). */
  static void prepareFirstKey() {
    FutureTask<WrappingKey> generation = new FutureTask<>(WrappingKey::generate);
    if (PREPARED.compareAndSet(null, generation)) {
      start(generation); // only the caller that won: a lost race makes no key for nothing
    }
  }

  private static FutureTask<WrappingKey> startGeneration() {
    return start(new FutureTask<>(WrappingKey::generate));
  }

  private static FutureTask<WrappingKey> start(FutureTask<WrappingKey> generation) {
    Thread thread = new Thread(generation, "wrapping-key");
    thread.setDaemon(true);
    thread.start();
    return generation;
  }

  Attestation forEndpoint(String maaEndpoint) throws IOException {
    Instant now = clock.instant();
    boolean[] mine = {false};
    Entry entry =
        entries.compute(
            maaEndpoint,
            (endpoint, current) -> {
              if (current != null
                  && !current.attestation().isCompletedExceptionally()
                  && current.started().plus(REUSE_WINDOW).isAfter(now)) {
                return current;
              }
              mine[0] = true;
              return new Entry(now, new CompletableFuture<>());
            });
    if (mine[0]) {
      try {
        WrappingKey wrappingKey = nextWrappingKey();
        String token = attester.attest(maaEndpoint, wrappingKey);
        entry.attestation().complete(new Attestation(wrappingKey, token));
      } catch (IOException | RuntimeException e) {
        entry.attestation().completeExceptionally(e);
        entries.remove(maaEndpoint, entry);
      }
    }
    return await(entry.attestation());
  }

  /** The key made at construction for the first attestation, then fresh ones. */
  private WrappingKey nextWrappingKey() throws IOException {
    FutureTask<WrappingKey> pregenerated = firstKey.getAndSet(null);
    if (pregenerated == null) {
      return WrappingKey.generate();
    }
    try {
      return pregenerated.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the wrapping key", e);
    } catch (ExecutionException e) {
      return WrappingKey.generate(); // reports the failure in this thread
    }
  }

  private static Attestation await(CompletableFuture<Attestation> attestation) throws IOException {
    return Awaited.result(attestation, "the attestation");
  }
}
