package org.ccsidecar.azmount.luks;

/**
 * One active keyslot as the header describes it.
 *
 * @param id keyslot number
 * @param keyBytes size of the key it stores (the volume key)
 * @param kdf how the passphrase becomes the keyslot area key
 * @param afHash anti-forensic splitter hash name
 * @param stripes anti-forensic stripes
 * @param areaCipher cipher of the keyslot area (512-byte sectors)
 * @param areaKeyBytes key size of the area cipher
 * @param areaOffset byte offset of the area on the device
 * @param areaSize byte length of the area
 * @param priority 0 ignore, 1 normal, 2 preferred
 */
public record LuksKeyslotInfo(
    int id,
    int keyBytes,
    LuksKdf kdf,
    String afHash,
    int stripes,
    String areaCipher,
    int areaKeyBytes,
    long areaOffset,
    long areaSize,
    int priority) {

  /** Bytes of anti-forensic material, whole 512-byte sectors as cryptsetup reads them. */
  long materialBytes() {
    long raw = (long) keyBytes * stripes;
    return (raw + 511) / 512 * 512;
  }
}
