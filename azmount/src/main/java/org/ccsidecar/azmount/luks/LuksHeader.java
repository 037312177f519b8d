package org.ccsidecar.azmount.luks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * A parsed, validated LUKS1 or LUKS2 header: everything needed to unlock the volume and find its
 * data, no secrets. Built by {@link #read}, which refuses malformed or hostile headers before any
 * large allocation or key derivation.
 */
public final class LuksHeader {
  static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};

  private final int version;
  private final String uuid;
  private final LuksSegment segment;
  private final List<LuksKeyslotInfo> keyslots;
  private final List<LuksDigest> digests;
  private final List<String> warnings;

  LuksHeader(
      int version,
      String uuid,
      LuksSegment segment,
      List<LuksKeyslotInfo> keyslots,
      List<LuksDigest> digests,
      List<String> warnings) {
    this.version = version;
    this.uuid = uuid;
    this.segment = segment;
    this.keyslots = List.copyOf(keyslots);
    this.digests = List.copyOf(digests);
    this.warnings = List.copyOf(warnings);
  }

  /** Reads and validates the header of the LUKS image in {@code source}. */
  public static LuksHeader read(BlockSource source) throws IOException {
    long size = source.size();
    byte[] start = new byte[(int) Math.min(size, Luks1HeaderParser.HEADER_BYTES)];
    source.read(0, ByteBuffer.wrap(start));
    boolean primaryMagic = start.length >= 8 && startsWith(start, MAGIC);
    int version = primaryMagic ? ((start[6] & 0xff) << 8) | (start[7] & 0xff) : 0;
    if (primaryMagic && version == 1) {
      return Luks1HeaderParser.parse(source, size);
    }
    if (primaryMagic && version != 2) {
      throw new LuksException("unsupported LUKS version " + version + " (supported: 1, 2)");
    }
    // LUKS2, or an image whose primary binary header is damaged but may have a secondary copy.
    return Luks2HeaderParser.parse(source, size, primaryMagic);
  }

  static boolean startsWith(byte[] buf, byte[] prefix) {
    if (buf.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** 1 or 2. */
  public int version() {
    return version;
  }

  public String uuid() {
    return uuid;
  }

  /** The data segment's cipher in dm-crypt notation, e.g. "aes-xts-plain64". */
  public String cipherSpec() {
    return segment.cipherSpec();
  }

  /** Volume key size in bits (from the keyslots bound to the data segment; 0 without any). */
  public int volumeKeyBits() {
    List<LuksKeyslotInfo> bound = dataKeyslots();
    return bound.isEmpty() ? 0 : bound.get(0).keyBytes() * 8;
  }

  public int sectorSize() {
    return segment.sectorSize();
  }

  /** Byte offset of the encrypted payload. */
  public long dataOffset() {
    return segment.offset();
  }

  /** True when the payload runs to the end of the device ("dynamic" size). */
  public boolean dynamicDataSize() {
    return segment.size() == LuksSegment.DYNAMIC;
  }

  /** Payload bytes on a device of {@code deviceSize} bytes (whole sectors). */
  public long dataSize(long deviceSize) {
    if (segment.size() != LuksSegment.DYNAMIC) {
      return segment.size();
    }
    long available = Math.max(0, deviceSize - segment.offset());
    return available - available % segment.sectorSize();
  }

  /** Added to each sector's IV number, in 512-byte units. */
  public long ivTweak() {
    return segment.ivTweak();
  }

  /** Every active keyslot, in keyslot order. */
  public List<LuksKeyslotInfo> keyslots() {
    return keyslots;
  }

  /** Problems found that did not stop the read, e.g. one damaged header copy. */
  public List<String> warnings() {
    return warnings;
  }

  LuksSegment segment() {
    return segment;
  }

  /** Keyslots whose digest covers the data segment, preferred first, "ignore" priority left out. */
  List<LuksKeyslotInfo> dataKeyslots() {
    List<LuksKeyslotInfo> bound = new ArrayList<>();
    for (LuksKeyslotInfo slot : keyslots) {
      if (slot.priority() > 0 && digestOf(slot) != null) {
        bound.add(slot);
      }
    }
    bound.sort(Comparator.comparingInt(LuksKeyslotInfo::priority).reversed());
    return bound;
  }

  /** The digest that vouches for keys from {@code slot} for the data segment, or null. */
  LuksDigest digestOf(LuksKeyslotInfo slot) {
    for (LuksDigest digest : digests) {
      if (digest.keyslots().contains(slot.id()) && digest.segments().contains(segment.id())) {
        return digest;
      }
    }
    return null;
  }
}
