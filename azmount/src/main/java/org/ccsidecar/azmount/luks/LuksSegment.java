package org.ccsidecar.azmount.luks;

/**
 * The encrypted data segment.
 *
 * @param offset byte offset on the device
 * @param size byte length, or -1 for "dynamic" (to the end of the device)
 * @param ivTweak added to every sector's IV number (512-byte units)
 */
record LuksSegment(
    int id, long offset, long size, long ivTweak, String cipherSpec, int sectorSize) {
  static final long DYNAMIC = -1;
}
