package org.ccsidecar.azmount.cache;

import static org.ccsidecar.azmount.cache.BlockCacheTest.read;
import static org.ccsidecar.azmount.cache.BlockCacheTest.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.ccsidecar.azmount.source.AzureBlobSource;
import org.ccsidecar.azmount.source.AzuriteBlobs;
import org.ccsidecar.azmount.source.BlobLocation;
import org.ccsidecar.azmount.source.BlobRetryPolicy;
import org.ccsidecar.azmount.source.BlobSources;
import org.ccsidecar.testkit.Azurite;
import org.ccsidecar.testkit.CuttableProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The block cache over real Azure blob sources on Azurite, including storage outages. */
class BlockCacheAzuriteTest {
  private static final int BLOCK = 256 * 1024;
  private static final int SIZE = 6 * 1024 * 1024 + 512;

  /** Short bounds so outage tests finish in seconds: at most 3 x 2 s + backoff per call. */
  private static final BlobRetryPolicy FAST_FAIL =
      new BlobRetryPolicy(3, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(500));

  private static Azurite azurite;
  private static AzuriteBlobs blobs;
  private static byte[] data;
  private static BlobLocation blockBlob;

  @BeforeAll
  static void startAzurite() throws IOException {
    azurite = Azurite.start();
    blobs = new AzuriteBlobs(azurite);
    data = AzuriteBlobs.randomBytes(SIZE, 17);
    blockBlob = blobs.blockBlob("image.img", data);
  }

  @AfterAll
  static void stopAzurite() {
    if (azurite != null) {
      azurite.close();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void concurrentRandomReadsAreExactAndFetchEachBlockOnce(boolean pageBlob) throws Exception {
    BlobLocation location = pageBlob ? blobs.pageBlob("image-page.img", data) : blockBlob;
    CountingSource counting =
        new CountingSource(BlobSources.open(location, blobs.credentials(), false));
    try (BlockCache cache = BlockCache.open(counting, new CacheOptions(BLOCK, 16L << 20, 4))) {
      Concurrently.run(
          12,
          seed -> {
            Random random = new Random(seed);
            for (int i = 0; i < 25; i++) {
              int len = 1 + random.nextInt(3 * BLOCK);
              long off = (long) (random.nextDouble() * (SIZE - len));
              assertArrayEquals(slice(data, off, len), read(cache, off, len), "at " + off);
            }
          });
    }
    for (var entry : counting.readsAt.entrySet()) {
      assertEquals(1, entry.getValue().get(), "fetches at offset " + entry.getKey());
    }
    assertTrue(counting.reads.get() > 10, "the readers covered many blocks");
  }

  @Test
  void writesThroughTheCacheReachThePageBlob() throws IOException {
    BlobLocation location = blobs.pageBlob("rw.img", data);
    byte[] expected = data.clone();
    Random random = new Random(23);
    try (BlockCache cache =
        BlockCache.open(
            BlobSources.open(location, blobs.credentials(), true),
            new CacheOptions(BLOCK, 4L << 20, 2))) {
      for (int i = 0; i < 20; i++) {
        int len = 1 + random.nextInt(BLOCK);
        long off = (long) (random.nextDouble() * (SIZE - len));
        byte[] patch = new byte[len];
        random.nextBytes(patch);
        cache.write(off, ByteBuffer.wrap(patch));
        System.arraycopy(patch, 0, expected, (int) off, len);
      }
      cache.flush();
      assertEquals(0, cache.dirtyBytes());
    }
    try (AzureBlobSource fresh = BlobSources.open(location, blobs.credentials(), false)) {
      ByteBuffer all = ByteBuffer.allocate(SIZE);
      fresh.read(0, all);
      assertArrayEquals(expected, all.array());
    }
  }

  @Test
  void uploadsFailingWhileStorageIsDownKeepTheDataUntilItReturns() throws IOException {
    BlobLocation location = blobs.pageBlob("outage-rw.img", data);
    byte[] patch = AzuriteBlobs.randomBytes(3 * BLOCK, 29);
    try (BlockCache cache =
        BlockCache.open(
            BlobSources.open(location, blobs.credentials(), true, FAST_FAIL),
            new CacheOptions(BLOCK, 4L << 20, 0))) {
      cache.write(BLOCK / 2, ByteBuffer.wrap(patch));
      azurite.stop();
      try {
        assertThrows(IOException.class, cache::flush);
        assertTrue(cache.dirtyBytes() > 0, "failed uploads stay dirty");
        assertArrayEquals(patch, read(cache, BLOCK / 2, patch.length));
      } finally {
        azurite.restart();
      }
      // Azurite forgets the write lease across a restart, as Azure does after a long outage:
      // the upload must renew the expired lease and go through
      cache.flush();
      assertEquals(0, cache.dirtyBytes());
    }
    assertArrayEquals(patch, slice(blobs.download("outage-rw.img"), BLOCK / 2, patch.length));
  }

  @Test
  void azuriteStoppedMidReadGivesIOExceptionInBoundedTimeThenRecovers() throws Exception {
    try (BlockCache cache =
        BlockCache.open(
            BlobSources.open(blockBlob, blobs.credentials(), false, FAST_FAIL),
            new CacheOptions(BLOCK, 4L << 20, 0))) {
      assertArrayEquals(slice(data, 0, 1000), read(cache, 0, 1000));
      azurite.stop();
      try {
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> read(cache, 5L * BLOCK, 1000));
        assertWithin(FAST_FAIL.totalTimeout(), start);
        assertTrue(e.getMessage().contains("image.img"), e.getMessage());
        assertArrayEquals(slice(data, 0, 1000), read(cache, 0, 1000), "cached blocks still read");
      } finally {
        azurite.restart();
      }
      assertArrayEquals(slice(data, 5L * BLOCK, 1000), read(cache, 5L * BLOCK, 1000));
    }
  }

  @Test
  void proxyRefusingOrStallingGivesIOExceptionInBoundedTimeThenRecovers() throws Exception {
    try (CuttableProxy proxy = CuttableProxy.start(azurite.port());
        BlockCache cache =
            BlockCache.open(
                BlobSources.open(
                    blobs.locationVia(proxy.port(), "image.img"),
                    blobs.credentials(),
                    false,
                    FAST_FAIL),
                new CacheOptions(BLOCK, 4L << 20, 0))) {
      assertArrayEquals(slice(data, 0, 1000), read(cache, 0, 1000));

      proxy.refuse();
      long start = System.nanoTime();
      assertThrows(IOException.class, () -> read(cache, 2L * BLOCK, 1000));
      assertWithin(FAST_FAIL.totalTimeout(), start);

      proxy.stall(); // connections hang: only the per-try timeouts end the wait
      start = System.nanoTime();
      assertThrows(IOException.class, () -> read(cache, 3L * BLOCK, 1000));
      assertWithin(FAST_FAIL.totalTimeout(), start);

      proxy.forward();
      proxy.cutAll();
      assertArrayEquals(slice(data, 2L * BLOCK, 2 * BLOCK), read(cache, 2L * BLOCK, 2 * BLOCK));
    }
  }

  @Test
  void connectionsCutDuringReadsNeverYieldWrongBytes() throws Exception {
    try (CuttableProxy proxy = CuttableProxy.start(azurite.port());
        AzureBlobSource source =
            BlobSources.open(
                blobs.locationVia(proxy.port(), "image.img"),
                blobs.credentials(),
                false,
                FAST_FAIL)) {
      Thread cutter =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  proxy.cutAll();
                  try {
                    Thread.sleep(40);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      cutter.start();
      int ok = 0;
      int failed = 0;
      try {
        Random random = new Random(31);
        for (int i = 0; i < 10; i++) {
          int len = 1 + random.nextInt(1 << 20);
          long off = (long) (random.nextDouble() * (SIZE - len));
          ByteBuffer dst = ByteBuffer.allocate(len);
          try {
            source.read(off, dst);
            assertArrayEquals(slice(data, off, len), dst.array(), "at " + off);
            ok++;
          } catch (IOException e) {
            assertEquals(0, dst.position(), "a failed read reports no bytes");
            failed++;
          }
        }
      } finally {
        cutter.interrupt();
        cutter.join();
      }
      System.err.printf("reads under cuts: %d complete and exact, %d failed cleanly%n", ok, failed);
      assertEquals(10, ok + failed);
    }
  }

  private static void assertWithin(Duration bound, long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    assertTrue(took.compareTo(bound.plusSeconds(3)) <= 0, "took " + took + ", bound " + bound);
  }
}
