package org.ccsidecar.azmount.luks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.ccsidecar.azmount.source.BlockSource;

/** Writes both LUKS2 header copies (binary header, JSON area, sha256 checksum each). */
final class Luks2HeaderWriter {
  private Luks2HeaderWriter() {}

  static void write(
      BlockSource device, long hdrSize, long seqid, String uuid, byte[] json, SecureRandom random)
      throws IOException {
    int jsonArea = (int) hdrSize - Luks2HeaderParser.BINARY_BYTES;
    if (json.length >= jsonArea) {
      throw new LuksException(
          "LUKS2 metadata of " + json.length + " bytes does not fit its area of " + jsonArea);
    }
    byte[] area = new byte[jsonArea];
    System.arraycopy(json, 0, area, 0, json.length);
    for (int copy = 0; copy < 2; copy++) {
      long offset = copy * hdrSize;
      byte[] bin = binaryHeader(copy == 0, hdrSize, seqid, uuid, offset, random);
      byte[] csum = Luks2HeaderParser.checksum(LuksHash.SHA256, bin, area);
      System.arraycopy(csum, 0, bin, Luks2HeaderParser.CSUM_OFFSET, csum.length);
      device.write(offset, ByteBuffer.wrap(bin));
      device.write(offset + bin.length, ByteBuffer.wrap(area));
    }
  }

  private static byte[] binaryHeader(
      boolean primary, long hdrSize, long seqid, String uuid, long offset, SecureRandom random) {
    ByteBuffer bin = ByteBuffer.allocate(Luks2HeaderParser.BINARY_BYTES);
    bin.put(primary ? LuksHeader.MAGIC : Luks2HeaderParser.SECONDARY_MAGIC);
    bin.putShort(6, (short) 2);
    bin.putLong(8, hdrSize);
    bin.putLong(16, seqid);
    putText(bin, 72, "sha256");
    byte[] salt = new byte[64];
    random.nextBytes(salt);
    bin.put(104, salt);
    putText(bin, 168, uuid);
    bin.putLong(256, offset);
    return bin.array();
  }

  private static void putText(ByteBuffer buf, int offset, String text) {
    buf.put(offset, text.getBytes(StandardCharsets.US_ASCII));
  }
}
