package org.ccsidecar.skr.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedAttestationsTest {
  private final AtomicInteger calls = new AtomicInteger();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T15:00:00Z"), ZoneOffset.UTC);

  private final SharedAttestations.Attester counting =
      (endpoint, wrappingKey) -> endpoint + "-token-" + calls.incrementAndGet();

  @Test
  void concurrentReleasesFromOneAuthorityShareOneWrappingKeyAndToken() throws Exception {
    CountDownLatch bothAsked = new CountDownLatch(1);
    SharedAttestations attestations =
        new SharedAttestations(
            (endpoint, key) -> {
              try {
                bothAsked.await(5, TimeUnit.SECONDS); // the second caller arrives meanwhile
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              return counting.attest(endpoint, key);
            },
            clock);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<SharedAttestations.Attestation> first =
          pool.submit(() -> attestations.forEndpoint("maa.example"));
      Future<SharedAttestations.Attestation> second =
          pool.submit(() -> attestations.forEndpoint("maa.example"));
      Thread.sleep(200);
      bothAsked.countDown();
      assertSame(first.get(), second.get());
      assertEquals("maa.example-token-1", first.get().token());
      assertEquals(1, calls.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPreparedKeyServesTheFirstInstanceOnly() throws Exception {
    SharedAttestations.prepareFirstKey();
    var prepared = SharedAttestations.PREPARED.get();
    SharedAttestations.prepareFirstKey(); // once is enough: no second key is started
    assertSame(prepared, SharedAttestations.PREPARED.get());

    SharedAttestations first = new SharedAttestations(counting, clock);
    assertNull(SharedAttestations.PREPARED.get());
    assertSame(prepared.get(), first.forEndpoint("a.example").wrappingKey());
    SharedAttestations second = new SharedAttestations(counting, clock);
    assertNotSame(prepared.get(), second.forEndpoint("a.example").wrappingKey());
  }

  @Test
  void eachAuthorityGetsItsOwnAttestation() throws Exception {
    SharedAttestations attestations = new SharedAttestations(counting, clock);
    SharedAttestations.Attestation a = attestations.forEndpoint("a.example");
    SharedAttestations.Attestation b = attestations.forEndpoint("b.example");
    assertNotSame(a.wrappingKey(), b.wrappingKey());
    assertEquals(List.of("a.example-token-1", "b.example-token-2"), List.of(a.token(), b.token()));
    assertSame(a, attestations.forEndpoint("a.example"));
  }

  @Test
  void anAttestationOlderThanTheWindowIsNotReused() throws Exception {
    Instant start = Instant.parse("2026-11-26T15:00:00Z");
    MutableClock mutable = new MutableClock(start);
    SharedAttestations attestations = new SharedAttestations(counting, mutable);
    SharedAttestations.Attestation first = attestations.forEndpoint("maa.example");
    mutable.now = start.plus(SharedAttestations.REUSE_WINDOW).minusSeconds(1);
    assertSame(first, attestations.forEndpoint("maa.example"));
    mutable.now = start.plus(SharedAttestations.REUSE_WINDOW);
    SharedAttestations.Attestation later = attestations.forEndpoint("maa.example");
    assertNotSame(first.wrappingKey(), later.wrappingKey());
    assertEquals("maa.example-token-2", later.token());
  }

  @Test
  void aFailedAttestationIsReportedAndNotKept() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    SharedAttestations attestations =
        new SharedAttestations(
            (endpoint, key) -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IOException("MAA refused the attestation: HTTP 400");
              }
              return "token";
            },
            clock);
    IOException failure =
        assertThrows(IOException.class, () -> attestations.forEndpoint("maa.example"));
    assertEquals("MAA refused the attestation: HTTP 400", failure.getMessage());
    assertEquals("token", attestations.forEndpoint("maa.example").token());
    assertEquals(2, attempts.get());
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
