package org.ccsidecar.azmount.luks;

import java.util.List;

/** Checks that keyslot areas lie between the header and the payload, apart, and big enough. */
final class KeyslotAreas {
  static final int MAX_KEY_BYTES = 512;
  static final int MAX_STRIPES = 65536;

  private KeyslotAreas() {}

  /**
   * @param first lowest allowed area offset (end of the header copies)
   * @param end highest allowed area end (end of the keyslots area, at most the data offset)
   */
  static void check(List<LuksKeyslotInfo> slots, long first, long end) throws LuksException {
    for (LuksKeyslotInfo slot : slots) {
      String where = "keyslot " + slot.id();
      if (slot.keyBytes() < 1 || slot.keyBytes() > MAX_KEY_BYTES) {
        throw new LuksException(
            where + ": key size " + slot.keyBytes() + " bytes out of range 1.." + MAX_KEY_BYTES);
      }
      if (slot.stripes() < 1 || slot.stripes() > MAX_STRIPES) {
        throw new LuksException(
            where + ": AF stripes " + slot.stripes() + " out of range 1.." + MAX_STRIPES);
      }
      long offset = slot.areaOffset();
      long size = slot.areaSize();
      if (offset < first) {
        throw new LuksException(
            where + ": area at offset " + offset + " overlaps the header (ends at " + first + ")");
      }
      if (size <= 0 || size > end - offset) {
        throw new LuksException(
            where
                + ": area ["
                + offset
                + ", +"
                + size
                + ") runs outside the keyslots area (ends at "
                + end
                + ")");
      }
      if (slot.materialBytes() > size) {
        throw new LuksException(
            where
                + ": key size "
                + slot.keyBytes()
                + " x "
                + slot.stripes()
                + " stripes does not fit its area of "
                + size
                + " bytes");
      }
      for (LuksKeyslotInfo other : slots) {
        if (other.id() != slot.id()
            && offset < other.areaOffset() + other.areaSize()
            && other.areaOffset() < offset + size) {
          throw new LuksException(where + ": area overlaps the area of keyslot " + other.id());
        }
      }
    }
  }
}
