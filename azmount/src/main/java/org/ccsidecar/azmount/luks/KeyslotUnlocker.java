package org.ccsidecar.azmount.luks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * Recovers the volume key from a passphrase: for each keyslot bound to the data segment, derive the
 * area key with the keyslot's KDF, decrypt the keyslot area, AF-merge it, and accept the candidate
 * when its PBKDF2 digest matches.
 */
final class KeyslotUnlocker {
  private KeyslotUnlocker() {}

  /** The volume key; the caller zeroes it. */
  static byte[] unlock(LuksHeader header, BlockSource device, byte[] passphrase)
      throws IOException {
    if (header.dataKeyslots().isEmpty()) {
      throw new LuksException("no active keyslot opens the data segment");
    }
    SectorCiphers.checkSupported(
        header.cipherSpec(), header.volumeKeyBits() / 8, "the data segment");
    LuksException firstUnusable = null;
    boolean tried = false;
    for (LuksKeyslotInfo slot : header.dataKeyslots()) {
      LuksDigest digest = header.digestOf(slot);
      try {
        checkUsable(slot, digest, header);
      } catch (LuksException e) {
        if (firstUnusable == null) {
          firstUnusable = e;
        }
        continue;
      }
      tried = true;
      byte[] key = tryKeyslot(slot, digest, device, passphrase);
      if (key != null) {
        return key;
      }
    }
    if (!tried) {
      throw firstUnusable;
    }
    throw new LuksException("no keyslot opens with this key");
  }

  /** Everything that must hold before any key derivation work on {@code slot}. */
  private static void checkUsable(LuksKeyslotInfo slot, LuksDigest digest, LuksHeader header)
      throws LuksException {
    String where = "keyslot " + slot.id();
    slot.kdf().checkSupportedAndSane(where);
    LuksHash.byName(slot.afHash(), where + " AF");
    SectorCiphers.checkSupported(slot.areaCipher(), slot.areaKeyBytes(), where + " area");
    if (slot.keyBytes() * 8 != header.volumeKeyBits()) {
      throw new LuksException(where + ": key size differs from the volume key size");
    }
    LuksHash digestHash = LuksHash.byName(digest.hash(), "the volume key digest");
    if (digest.iterations() < 1 || digest.iterations() > LuksKdf.MAX_PBKDF2_ITERATIONS) {
      throw new LuksException(
          "volume key digest: iterations "
              + digest.iterations()
              + " out of range 1.."
              + LuksKdf.MAX_PBKDF2_ITERATIONS);
    }
    if (digest.digest().length < 20 || digest.digest().length > digestHash.size()) {
      throw new LuksException("volume key digest of " + digest.digest().length + " bytes");
    }
  }

  private static byte[] tryKeyslot(
      LuksKeyslotInfo slot, LuksDigest digest, BlockSource device, byte[] passphrase)
      throws IOException {
    byte[] areaKey = slot.kdf().derive(passphrase, slot.areaKeyBytes());
    byte[] material = new byte[(int) slot.materialBytes()];
    byte[] candidate = null;
    try {
      device.read(slot.areaOffset(), ByteBuffer.wrap(material));
      try (SectorCipher cipher = SectorCiphers.createForOneUse(slot.areaCipher(), areaKey, 512)) {
        cipher.decrypt(material, 0, material.length, 0);
      }
      candidate =
          AfSplitter.merge(
              material, slot.keyBytes(), slot.stripes(), LuksHash.byName(slot.afHash(), "AF"));
      if (matches(candidate, digest)) {
        byte[] key = candidate;
        candidate = null;
        return key;
      }
      return null;
    } finally {
      Arrays.fill(areaKey, (byte) 0);
      Arrays.fill(material, (byte) 0);
      if (candidate != null) {
        Arrays.fill(candidate, (byte) 0);
      }
    }
  }

  private static boolean matches(byte[] candidate, LuksDigest digest) throws LuksException {
    byte[] computed =
        Pbkdf2.derive(
            LuksHash.byName(digest.hash(), "digest"),
            candidate,
            digest.salt(),
            digest.iterations(),
            digest.digest().length);
    return MessageDigest.isEqual(computed, digest.digest());
  }
}
