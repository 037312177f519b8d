package org.ccsidecar.azmount.source;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.PageBlobRequestConditions;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * An Azure blob as a {@link BlockSource}: block and append blobs read-only, page blobs read-write.
 * Reads are ranged downloads written straight into the caller's buffer; a read either fills the
 * buffer with exactly the requested bytes or throws within {@link BlobRetryPolicy#totalTimeout()}.
 * A read-only open reads only the blob version it opened (ETag match). Writes go to page blobs in
 * 512-byte pages, at most 4 MiB per call, under the open's {@link BlobLease}; each completed write
 * is durable in the blob, so {@link #flush()} has nothing to do. Built by {@link BlobSources#open}.
 */
public final class AzureBlobSource implements BlockSource {
  public static final int PAGE_SIZE = 512;
  public static final int MAX_PAGES_PER_CALL = 4 * 1024 * 1024;
  private static final int DOWNLOAD_RESUMES = 3;

  private final BlobLocation location;
  private final BlobClient blob;
  private final BlobType type;
  private final long size;
  private final BlobRetryPolicy retry;
  private final PageBlobClient pages;
  private final BlobLease lease;
  private final BlobRequestConditions readConditions;

  AzureBlobSource(
      BlobLocation location,
      BlobClient blob,
      BlobType type,
      long size,
      BlobRetryPolicy retry,
      String etag,
      BlobLease lease) {
    this.location = location;
    this.blob = blob;
    this.type = type;
    this.size = size;
    this.retry = retry;
    this.lease = lease;
    this.pages = lease == null ? null : blob.getPageBlobClient();
    // Read-only opens pin the version they opened: if the blob is replaced meanwhile, reads fail
    // instead of mixing bytes of two images. Read-write opens hold the lease, so no one else
    // writes.
    this.readConditions = lease == null ? new BlobRequestConditions().setIfMatch(etag) : null;
  }

  public BlobLocation location() {
    return location;
  }

  public BlobType blobType() {
    return type;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public boolean writable() {
    return pages != null;
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    readConsecutive(offset, List.of(dst), filled -> {});
  }

  /** One ranged download for all the buffers, streamed into them as it arrives. */
  @Override
  public void readConsecutive(long offset, List<ByteBuffer> dsts, IntConsumer filled)
      throws IOException {
    long total = 0;
    for (ByteBuffer dst : dsts) {
      total += dst.remaining();
    }
    int[] starts = dsts.stream().mapToInt(ByteBuffer::position).toArray();
    checkRange(offset, total);
    if (total == 0) {
      return;
    }
    BufferSequenceOutputStream out = new BufferSequenceOutputStream(dsts, filled);
    try {
      blob.downloadStreamWithResponse(
          out,
          new BlobRange(offset, total),
          new DownloadRetryOptions().setMaxRetryRequests(DOWNLOAD_RESUMES),
          readConditions,
          false,
          retry.totalTimeout(),
          Context.NONE);
    } catch (RuntimeException e) {
      rewind(dsts, starts);
      if (readConditions != null && StorageErrors.is(e, BlobErrorCode.CONDITION_NOT_MET)) {
        throw new IOException(
            "blob " + location + " changed since it was opened (its ETag differs); remount it");
      }
      throw StorageErrors.io(location, rangeText("read", offset, total), e);
    }
    if (out.written() != total) {
      rewind(dsts, starts);
      throw new IOException(
          "blob "
              + location
              + ": "
              + rangeText("read", offset, total)
              + " returned "
              + out.written()
              + " bytes");
    }
  }

  private static void rewind(List<ByteBuffer> dsts, int[] starts) {
    for (int i = 0; i < starts.length; i++) {
      dsts.get(i).position(starts[i]);
    }
  }

  /**
   * Writes {@code src} at {@code offset}. Page-aligned runs go straight up; an unaligned start or
   * end is merged with the page's current bytes first (callers such as the block cache write whole
   * aligned blocks and never pay for that).
   */
  @Override
  public void write(long offset, ByteBuffer src) throws IOException {
    if (pages == null) {
      throw new IOException("blob " + location + " is open read-only");
    }
    int count = src.remaining();
    checkRange(offset, count);
    if (count == 0) {
      return;
    }
    lease.requireHeld();
    long alignedStart = offset - offset % PAGE_SIZE;
    long end = offset + count;
    long alignedEnd = end % PAGE_SIZE == 0 ? end : end + PAGE_SIZE - end % PAGE_SIZE;
    if (alignedStart == offset && alignedEnd == end) {
      uploadPages(offset, src);
      return;
    }
    ByteBuffer merged = ByteBuffer.allocate(Math.toIntExact(alignedEnd - alignedStart));
    read(alignedStart, merged.duplicate().limit(PAGE_SIZE));
    if (alignedEnd - PAGE_SIZE > alignedStart) {
      read(alignedEnd - PAGE_SIZE, merged.duplicate().position(merged.capacity() - PAGE_SIZE));
    }
    merged.position((int) (offset - alignedStart));
    merged.put(src);
    merged.clear();
    uploadPages(alignedStart, merged);
  }

  private void uploadPages(long offset, ByteBuffer src) throws IOException {
    long position = offset;
    while (src.hasRemaining()) {
      int n = Math.min(src.remaining(), MAX_PAGES_PER_CALL);
      ByteBuffer chunk = src.slice().limit(n);
      PageRange range = new PageRange().setStart(position).setEnd(position + n - 1);
      try {
        uploadUnderLease(range, chunk);
      } catch (RuntimeException e) {
        throw StorageErrors.io(location, rangeText("write", position, n), e);
      }
      src.position(src.position() + n);
      position += n;
    }
  }

  /** Put Page with the lease id; once more after renewing a lease that expired meanwhile. */
  private void uploadUnderLease(PageRange range, ByteBuffer chunk) throws IOException {
    try {
      upload(range, chunk);
    } catch (RuntimeException e) {
      if (!StorageErrors.is(e, BlobErrorCode.LEASE_NOT_PRESENT_WITH_BLOB_OPERATION)) {
        throw e;
      }
      lease.renewExpired();
      upload(range, chunk);
    }
  }

  private void upload(PageRange range, ByteBuffer chunk) {
    pages.uploadPagesWithResponse(
        range,
        bodyOf(chunk.duplicate()),
        null,
        new PageBlobRequestConditions().setLeaseId(lease.id()),
        retry.totalTimeout(),
        Context.NONE);
  }

  /** The bytes of {@code chunk} as a replayable stream (retries re-send it). */
  private static ByteArrayInputStream bodyOf(ByteBuffer chunk) {
    if (chunk.hasArray()) {
      return new ByteArrayInputStream(
          chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
    }
    byte[] copy = new byte[chunk.remaining()];
    chunk.get(copy);
    return new ByteArrayInputStream(copy);
  }

  /** Uploads are synchronous and durable on return. */
  @Override
  public void flush() throws IOException {
    if (lease != null) {
      lease.requireHeld();
    }
  }

  /** Releases the write lease, if any. */
  @Override
  public void close() throws IOException {
    if (lease != null) {
      lease.close();
    }
  }

  private void checkRange(long offset, long count) throws EOFException {
    if (offset < 0 || offset > size - count) {
      throw new EOFException(
          "blob "
              + location
              + ": "
              + rangeText("access", offset, count)
              + " is outside its "
              + size
              + " bytes");
    }
  }

  private static String rangeText(String what, long offset, long count) {
    return what + " of " + count + " bytes at offset " + offset;
  }

  @Override
  public String toString() {
    return type + " " + location;
  }
}
