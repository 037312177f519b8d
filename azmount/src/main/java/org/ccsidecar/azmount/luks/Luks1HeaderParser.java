package org.ccsidecar.azmount.luks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.ccsidecar.azmount.source.BlockSource;

/** Reads the 592-byte LUKS1 header: cipher, hash, payload offset, digest and 8 keyslots. */
final class Luks1HeaderParser {
  static final int HEADER_BYTES = 592;
  private static final int KEYSLOTS = 8;
  private static final int KEYSLOT_OFFSET = 208;
  private static final int KEYSLOT_BYTES = 48;
  private static final int ACTIVE = 0x00AC71F3;
  private static final int INACTIVE = 0x0000DEAD;

  private Luks1HeaderParser() {}

  static LuksHeader parse(BlockSource source, long deviceSize) throws IOException {
    if (deviceSize < HEADER_BYTES) {
      throw new LuksException(
          "image is shorter than its header says: "
              + deviceSize
              + " bytes, LUKS1 header needs "
              + HEADER_BYTES);
    }
    byte[] h = new byte[HEADER_BYTES];
    source.read(0, ByteBuffer.wrap(h));
    ByteBuffer be = ByteBuffer.wrap(h);
    String cipherName = LuksText.cString(h, 8, 32);
    String cipherMode = LuksText.cString(h, 40, 32);
    String hashSpec = LuksText.cString(h, 72, 32);
    long payloadOffset = Integer.toUnsignedLong(be.getInt(104)) * 512;
    long keyBytes = Integer.toUnsignedLong(be.getInt(108));
    byte[] mkDigest = Arrays.copyOfRange(h, 112, 132);
    byte[] mkDigestSalt = Arrays.copyOfRange(h, 132, 164);
    long mkDigestIterations = Integer.toUnsignedLong(be.getInt(164));
    String uuid = LuksText.cString(h, 168, 40);
    String cipherSpec = cipherMode.isEmpty() ? cipherName : cipherName + "-" + cipherMode;

    if (keyBytes < 1 || keyBytes > KeyslotAreas.MAX_KEY_BYTES) {
      throw new LuksException("LUKS1 header: key size " + keyBytes + " bytes out of range");
    }
    if (mkDigestIterations < 1 || mkDigestIterations > LuksKdf.MAX_PBKDF2_ITERATIONS) {
      throw new LuksException(
          "LUKS1 header: digest iterations "
              + mkDigestIterations
              + " out of range 1.."
              + LuksKdf.MAX_PBKDF2_ITERATIONS);
    }
    if (payloadOffset < 1024) {
      throw new LuksException(
          "LUKS1 header: payload offset "
              + payloadOffset
              + " is inside the header (a detached header is not supported)");
    }
    if (deviceSize < payloadOffset) {
      throw new LuksException(
          "image is shorter than its header says: "
              + deviceSize
              + " bytes, payload starts at "
              + payloadOffset);
    }

    List<LuksKeyslotInfo> slots = new ArrayList<>();
    for (int i = 0; i < KEYSLOTS; i++) {
      int base = KEYSLOT_OFFSET + i * KEYSLOT_BYTES;
      int state = be.getInt(base);
      if (state == INACTIVE) {
        continue;
      }
      if (state != ACTIVE) {
        throw new LuksException(
            "LUKS1 keyslot " + i + " has an invalid state 0x" + Integer.toHexString(state));
      }
      long iterations = Integer.toUnsignedLong(be.getInt(base + 4));
      byte[] salt = Arrays.copyOfRange(h, base + 8, base + 40);
      long areaOffset = Integer.toUnsignedLong(be.getInt(base + 40)) * 512;
      long stripes = Integer.toUnsignedLong(be.getInt(base + 44));
      if (stripes < 1 || stripes > KeyslotAreas.MAX_STRIPES) {
        throw new LuksException("LUKS1 keyslot " + i + ": AF stripes " + stripes + " out of range");
      }
      long material = (keyBytes * stripes + 511) / 512 * 512;
      slots.add(
          new LuksKeyslotInfo(
              i,
              (int) keyBytes,
              LuksKdf.pbkdf2(hashSpec, iterations, salt),
              hashSpec,
              (int) stripes,
              cipherSpec,
              (int) keyBytes,
              areaOffset,
              material,
              1));
    }
    KeyslotAreas.check(slots, 1024, payloadOffset);

    Set<Integer> slotIds = new java.util.HashSet<>();
    slots.forEach(s -> slotIds.add(s.id()));
    LuksDigest digest =
        new LuksDigest(hashSpec, mkDigestIterations, mkDigestSalt, mkDigest, slotIds, Set.of(0));
    LuksSegment segment =
        new LuksSegment(0, payloadOffset, LuksSegment.DYNAMIC, 0, cipherSpec, 512);
    return new LuksHeader(1, uuid, segment, slots, List.of(digest), List.of());
  }
}
