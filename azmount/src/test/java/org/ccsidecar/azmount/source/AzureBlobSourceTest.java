package org.ccsidecar.azmount.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ccsidecar.testkit.Azurite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AzureBlobSourceTest {
  private static final int SIZE = 3 * 1024 * 1024 + 4096; // page-aligned, not MiB-aligned
  private static Azurite azurite;
  private static AzuriteBlobs blobs;
  private static byte[] data;

  @BeforeAll
  static void startAzurite() throws IOException {
    azurite = Azurite.start();
    blobs = new AzuriteBlobs(azurite);
    data = AzuriteBlobs.randomBytes(SIZE, 42);
  }

  @AfterAll
  static void stopAzurite() {
    if (azurite != null) {
      azurite.close();
    }
  }

  @Test
  void blockBlobReadsExactRangesAndIsReadOnly() throws IOException {
    BlobLocation location = blobs.blockBlob("block.img", data);
    try (AzureBlobSource source = BlobSources.open(location, blobs.credentials(), false)) {
      assertEquals(BlobType.BLOCK_BLOB, source.blobType());
      assertEquals(SIZE, source.size());
      assertFalse(source.writable());
      assertRandomReadsMatch(source, new Random(1));
      assertThrows(IOException.class, () -> source.write(0, ByteBuffer.allocate(512)));
    }
  }

  @Test
  void consecutiveReadIsOneRequestFillingEachBufferInOrder() throws IOException {
    BlobLocation location = blobs.blockBlob("consecutive.img", data);
    try (AzureBlobSource source = BlobSources.open(location, blobs.credentials(), false)) {
      int[] lengths = {1 << 20, 4096, 1 << 20, 1000};
      List<ByteBuffer> buffers = new ArrayList<>();
      for (int length : lengths) {
        buffers.add(ByteBuffer.allocate(length));
      }
      List<Integer> filled = new ArrayList<>();
      List<Integer> positions = new ArrayList<>();
      long offset = 12345;
      source.readConsecutive(
          offset,
          buffers,
          i -> {
            filled.add(i);
            positions.add(buffers.get(i).position());
          });
      assertEquals(List.of(0, 1, 2, 3), filled);
      long at = offset;
      for (int i = 0; i < lengths.length; i++) {
        assertEquals(lengths[i], positions.get(i), "buffer " + i + " full when reported");
        assertArrayEquals(
            Arrays.copyOfRange(data, (int) at, (int) at + lengths[i]), buffers.get(i).array());
        at += lengths[i];
      }
      List<ByteBuffer> pastEnd = List.of(ByteBuffer.allocate(10), ByteBuffer.allocate(100));
      assertThrows(EOFException.class, () -> source.readConsecutive(SIZE - 50, pastEnd, i -> {}));
      assertEquals(0, pastEnd.get(0).position());
    }
  }

  @Test
  void readPastEndIsRefusedAndLeavesBufferUntouched() throws IOException {
    BlobLocation location = blobs.blockBlob("short.img", data);
    try (AzureBlobSource source = BlobSources.open(location, blobs.credentials(), false)) {
      ByteBuffer dst = ByteBuffer.allocate(100);
      assertThrows(EOFException.class, () -> source.read(SIZE - 50, dst));
      assertEquals(0, dst.position());
    }
  }

  @Test
  void blockBlobOpenedWritableIsRefusedWithPageBlobAdvice() {
    BlobLocation location = blobs.blockBlob("block-rw.img", data);
    IOException e =
        assertThrows(
            IOException.class, () -> BlobSources.open(location, blobs.credentials(), true));
    assertTrue(e.getMessage().contains("is a block blob"), e.getMessage());
    assertTrue(e.getMessage().contains("upload the image as a page blob"), e.getMessage());
  }

  @Test
  void pageBlobWritesAlignedAndUnalignedAreDurable() throws IOException {
    BlobLocation location = blobs.pageBlob("page-rw.img", data);
    byte[] expected = data.clone();
    Random random = new Random(7);
    try (AzureBlobSource source = BlobSources.open(location, blobs.credentials(), true)) {
      assertTrue(source.writable());
      // aligned, larger than one 4 MiB call would be for a bigger blob: spans the whole blob
      byte[] big = AzuriteBlobs.randomBytes(SIZE - 8192, 99);
      source.write(4096, ByteBuffer.wrap(big));
      System.arraycopy(big, 0, expected, 4096, big.length);
      // unaligned head and tail, read-modify-write of the edge pages
      for (int i = 0; i < 20; i++) {
        int len = 1 + random.nextInt(3000);
        int off = random.nextInt(SIZE - len);
        byte[] patch = new byte[len];
        random.nextBytes(patch);
        source.write(off, ByteBuffer.wrap(patch));
        System.arraycopy(patch, 0, expected, off, len);
      }
      source.flush();
    }
    try (AzureBlobSource reopened = BlobSources.open(location, blobs.credentials(), false)) {
      ByteBuffer all = ByteBuffer.allocate(SIZE);
      reopened.read(0, all);
      assertArrayEquals(expected, all.array());
    }
    assertArrayEquals(expected, blobs.download("page-rw.img"));
  }

  @Test
  void secondWriterIsRefusedWhileLeasedAndAllowedAfterClose() throws IOException {
    BlobLocation location = blobs.pageBlob("leased.img", Arrays.copyOf(data, 8192));
    try (AzureBlobSource first = BlobSources.open(location, blobs.credentials(), true)) {
      IOException e =
          assertThrows(
              IOException.class, () -> BlobSources.open(location, blobs.credentials(), true));
      assertTrue(e.getMessage().contains("is leased by another writer"), e.getMessage());
      assertTrue(e.getMessage().contains(location.display()), e.getMessage());
      // readers are not blocked by the lease
      try (AzureBlobSource reader = BlobSources.open(location, blobs.credentials(), false)) {
        ByteBuffer dst = ByteBuffer.allocate(512);
        reader.read(0, dst);
        assertArrayEquals(Arrays.copyOf(data, 512), dst.array());
      }
      first.write(0, ByteBuffer.wrap(new byte[512]));
    }
    try (AzureBlobSource second = BlobSources.open(location, blobs.credentials(), true)) {
      second.write(512, ByteBuffer.wrap(new byte[512]));
    }
  }

  @Test
  void readOnlyOpenRefusesToMixInAReplacedBlob() throws IOException {
    BlobLocation location = blobs.blockBlob("replaced.img", data);
    try (AzureBlobSource source = BlobSources.open(location, blobs.credentials(), false)) {
      source.read(0, ByteBuffer.allocate(512));
      blobs.blockBlob("replaced.img", AzuriteBlobs.randomBytes(SIZE, 43));
      IOException e =
          assertThrows(IOException.class, () -> source.read(0, ByteBuffer.allocate(512)));
      assertTrue(e.getMessage().contains("changed since it was opened"), e.getMessage());
    }
  }

  @Test
  void missingBlobNamesTheBlob() {
    BlobLocation location = blobs.location("nope.img");
    IOException e =
        assertThrows(
            IOException.class, () -> BlobSources.open(location, blobs.credentials(), false));
    assertTrue(e.getMessage().contains("nope.img"), e.getMessage());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void sasTokenInUrlIsTheCredentialAndIsRedactedFromErrors() throws IOException {
    blobs.blockBlob("sas.img", data);
    String sas =
        blobs
            .container()
            .getBlobClient("sas.img")
            .generateSas(
                new BlobServiceSasSignatureValues(
                    OffsetDateTime.now().plusHours(1),
                    new BlobSasPermission().setReadPermission(true)));
    String signature = sas.replaceAll(".*sig=([^&]+).*", "$1");
    BlobLocation location = BlobLocation.parse(blobs.location("sas.img").display() + "?" + sas);
    assertTrue(location.hasSas());
    assertFalse(location.toString().contains(signature));
    BlobCredentialOptions none = BlobCredentialOptions.anonymous();
    assertEquals(BlobCredentialOptions.Kind.SAS_IN_URL, none.kindFor(location));
    try (AzureBlobSource source = BlobSources.open(location, none, false)) {
      assertRandomReadsMatch(source, new Random(3));
    }
    // the same SAS on a blob it does not cover: the error names the blob but not the signature
    BlobLocation other =
        BlobLocation.parse(blobs.location("sas-missing.img").display() + "?" + sas);
    IOException e = assertThrows(IOException.class, () -> BlobSources.open(other, none, false));
    assertFalse(e.getMessage().contains(signature), e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(t.toString().contains(signature), t.toString());
    }
  }

  @Test
  void anonymousAccessToPrivateContainerIsDenied() {
    BlobLocation location = blobs.blockBlob("private.img", Arrays.copyOf(data, 1024));
    IOException e =
        assertThrows(
            IOException.class,
            () -> BlobSources.open(location, BlobCredentialOptions.anonymous(), false));
    assertTrue(e.getMessage().contains("private.img"), e.getMessage());
  }

  @Test
  void privateAccessOverPlainHttpIsRefusedWithAOneLineReason() {
    BlobLocation location = blobs.blockBlob("private-http.img", Arrays.copyOf(data, 1024));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                BlobSources.open(
                    location, BlobCredentialOptions.fromEnvironment(true, null, Map.of()), false));
    assertTrue(e.getMessage().contains("private-http.img"), e.getMessage());
    assertTrue(e.getMessage().contains("requires https"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  static void assertRandomReadsMatch(BlockSource source, Random random) throws IOException {
    long size = source.size();
    for (int i = 0; i < 30; i++) {
      int len = 1 + random.nextInt(600_000);
      long off = (long) (random.nextDouble() * (size - len));
      ByteBuffer dst = ByteBuffer.allocate(len + 10).position(5).limit(5 + len);
      source.read(off, dst);
      assertEquals(5 + len, dst.position());
      byte[] got = Arrays.copyOfRange(dst.array(), 5, 5 + len);
      assertArrayEquals(Arrays.copyOfRange(data, (int) off, (int) off + len), got, "at " + off);
    }
  }
}
