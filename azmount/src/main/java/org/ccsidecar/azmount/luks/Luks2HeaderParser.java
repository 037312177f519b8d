package org.ccsidecar.azmount.luks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * Reads both LUKS2 header copies (binary header plus JSON area each), checks their checksums and
 * uses the valid one with the higher sequence id, with a warning naming a damaged copy.
 */
final class Luks2HeaderParser {
  static final int BINARY_BYTES = 4096;
  static final long MIN_HDR_SIZE = 16 * 1024;
  static final long MAX_HDR_SIZE = 4 * 1024 * 1024;
  static final byte[] SECONDARY_MAGIC = {'S', 'K', 'U', 'L', (byte) 0xba, (byte) 0xbe};
  static final int CSUM_OFFSET = 448;
  static final int CSUM_BYTES = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Luks2HeaderParser() {}

  /** One header copy that passed every check. */
  private record Copy(long hdrSize, long seqid, String uuid, JsonNode json) {}

  /** Why a copy was not usable; {@code hasMagic} tells a damaged copy from no copy at all. */
  private static final class BadCopy extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean hasMagic;

    BadCopy(String reason, boolean hasMagic) {
      super(reason, null, false, false);
      this.hasMagic = hasMagic;
    }
  }

  static LuksHeader parse(BlockSource source, long deviceSize, boolean primaryMagic)
      throws IOException {
    Copy primary = null;
    BadCopy primaryProblem = null;
    long primaryHdrSize = 0;
    try {
      byte[] bin = readBinary(source, deviceSize, 0, false);
      primaryHdrSize = saneHdrSize(bin, 0, false);
      primary = readCopy(source, deviceSize, 0, bin, primaryHdrSize);
    } catch (BadCopy e) {
      primaryProblem = e;
    }

    Copy secondary = null;
    BadCopy secondaryProblem = null;
    long[] offsets =
        primaryHdrSize != 0 ? new long[] {primaryHdrSize} : candidateSecondaryOffsets();
    for (long offset : offsets) {
      try {
        byte[] bin = readBinary(source, deviceSize, offset, true);
        long hdrSize = saneHdrSize(bin, offset, true);
        secondary = readCopy(source, deviceSize, offset, bin, hdrSize);
        secondaryProblem = null;
        break;
      } catch (BadCopy e) {
        if (secondaryProblem == null || e.hasMagic) {
          secondaryProblem = e;
        }
        if (e.hasMagic) {
          break;
        }
      }
    }

    List<String> warnings = new ArrayList<>();
    Copy chosen;
    if (primary == null && secondary == null) {
      if (!primaryMagic && !secondaryProblem.hasMagic) {
        throw new LuksException("not a LUKS image (no LUKS magic at offset 0)");
      }
      throw new LuksException(
          "both LUKS2 header copies are corrupt (primary: "
              + primaryProblem.getMessage()
              + "; secondary: "
              + secondaryProblem.getMessage()
              + ")");
    } else if (secondary == null) {
      warnings.add(
          "LUKS2 secondary header copy is corrupt ("
              + secondaryProblem.getMessage()
              + "); using the primary copy");
      chosen = primary;
    } else if (primary == null) {
      warnings.add(
          "LUKS2 primary header copy is corrupt ("
              + primaryProblem.getMessage()
              + "); using the secondary copy");
      chosen = secondary;
    } else if (secondary.seqid() > primary.seqid()) {
      warnings.add(
          "LUKS2 primary header copy is older (seqid "
              + primary.seqid()
              + " < "
              + secondary.seqid()
              + "); using the secondary copy");
      chosen = secondary;
    } else {
      if (primary.seqid() > secondary.seqid()) {
        warnings.add(
            "LUKS2 secondary header copy is older (seqid "
                + secondary.seqid()
                + " < "
                + primary.seqid()
                + "); using the primary copy");
      }
      chosen = primary;
    }
    return Luks2MetadataParser.parse(
        chosen.json(), chosen.hdrSize(), deviceSize, chosen.uuid(), warnings);
  }

  private static long[] candidateSecondaryOffsets() {
    List<Long> offsets = new ArrayList<>();
    for (long size = MIN_HDR_SIZE; size <= MAX_HDR_SIZE; size *= 2) {
      offsets.add(size);
    }
    return offsets.stream().mapToLong(Long::longValue).toArray();
  }

  private static byte[] readBinary(
      BlockSource source, long deviceSize, long offset, boolean secondary)
      throws IOException, BadCopy {
    if (deviceSize < offset + BINARY_BYTES) {
      throw new BadCopy("image ends at " + deviceSize + " before the header at " + offset, false);
    }
    byte[] bin = new byte[BINARY_BYTES];
    source.read(offset, ByteBuffer.wrap(bin));
    if (!LuksHeader.startsWith(bin, secondary ? SECONDARY_MAGIC : LuksHeader.MAGIC)) {
      throw new BadCopy("no LUKS2 magic at offset " + offset, false);
    }
    return bin;
  }

  /** Checks the binary header fields that must hold before reading the JSON area. */
  private static long saneHdrSize(byte[] bin, long offset, boolean secondary) throws BadCopy {
    ByteBuffer be = ByteBuffer.wrap(bin);
    int version = be.getShort(6) & 0xffff;
    if (version != 2) {
      throw new BadCopy("version " + version + " at offset " + offset, true);
    }
    long hdrSize = be.getLong(8);
    if (hdrSize < MIN_HDR_SIZE || hdrSize > MAX_HDR_SIZE || Long.bitCount(hdrSize) != 1) {
      throw new BadCopy("bogus header size " + Long.toUnsignedString(hdrSize), true);
    }
    long hdrOffset = be.getLong(256);
    if (hdrOffset != offset || (secondary && offset != hdrSize)) {
      throw new BadCopy(
          "header at "
              + offset
              + " records offset "
              + Long.toUnsignedString(hdrOffset)
              + " and size "
              + hdrSize,
          true);
    }
    return hdrSize;
  }

  private static Copy readCopy(
      BlockSource source, long deviceSize, long offset, byte[] bin, long hdrSize)
      throws IOException, BadCopy {
    if (deviceSize < offset + hdrSize) {
      throw new BadCopy(
          "image ends at "
              + deviceSize
              + " inside the header copy at "
              + offset
              + " of "
              + hdrSize
              + " bytes",
          true);
    }
    byte[] json = new byte[(int) hdrSize - BINARY_BYTES];
    source.read(offset + BINARY_BYTES, ByteBuffer.wrap(json));
    verifyChecksum(bin, json, offset);
    ByteBuffer be = ByteBuffer.wrap(bin);
    return new Copy(
        hdrSize, be.getLong(16), LuksText.cString(bin, 168, 40), parseJson(json, offset));
  }

  private static void verifyChecksum(byte[] bin, byte[] json, long offset) throws BadCopy {
    String alg = LuksText.cString(bin, 72, 32);
    LuksHash hash;
    try {
      hash = LuksHash.byName(alg, "header checksum");
    } catch (LuksException e) {
      throw new BadCopy("checksum algorithm '" + LuksText.printable(alg) + "' unsupported", true);
    }
    byte[] stored = Arrays.copyOfRange(bin, CSUM_OFFSET, CSUM_OFFSET + hash.size());
    if (!MessageDigest.isEqual(stored, checksum(hash, bin, json))) {
      throw new BadCopy("checksum mismatch in the header copy at offset " + offset, true);
    }
  }

  private static JsonNode parseJson(byte[] area, long offset) throws BadCopy {
    int end = 0;
    while (end < area.length && area[end] != 0) {
      end++;
    }
    if (end == area.length) {
      throw new BadCopy("JSON area at offset " + offset + " is not terminated", true);
    }
    try {
      return JSON.readTree(area, 0, end);
    } catch (JsonProcessingException e) {
      throw new BadCopy(
          "JSON area at offset "
              + offset
              + " unreadable: "
              + LuksText.printable(e.getOriginalMessage()),
          true);
    } catch (IOException e) {
      throw new BadCopy("JSON area at offset " + offset + " unreadable", true);
    }
  }

  /** The checksum of a header copy: hash of the binary header (csum zeroed) and the JSON area. */
  static byte[] checksum(LuksHash hash, byte[] bin, byte[] json) {
    MessageDigest md = hash.newMessageDigest();
    byte[] zeroed = bin.clone();
    Arrays.fill(zeroed, CSUM_OFFSET, CSUM_OFFSET + CSUM_BYTES, (byte) 0);
    md.update(zeroed);
    md.update(json);
    return md.digest();
  }
}
