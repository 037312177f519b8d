package org.ccsidecar.azmount.luks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.ccsidecar.azmount.source.BlockSource;

/**
 * Formats a new LUKS2 image the way {@code cryptsetup luksFormat} lays it out by default: two 16
 * KiB header copies, a keyslots area up to the 16 MiB data offset, one keyslot, a pbkdf2 digest,
 * and a data segment running to the end of the device.
 */
public final class LuksFormatter {
  static final long HDR_SIZE = 16 * 1024;
  static final long DATA_OFFSET = 16L * 1024 * 1024;
  static final int STRIPES = 4000;
  private static final int SALT_BYTES = 32;
  private static final int AREA_ALIGN = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private LuksFormatter() {}

  /** Bytes before the payload: make the device {@code dataOffset(options) + payloadBytes} long. */
  public static long dataOffset(LuksFormatOptions options) {
    return DATA_OFFSET;
  }

  /**
   * Writes a LUKS2 header with one keyslot opened by {@code passphrase} (key-file bytes; the caller
   * zeroes them) over the first {@link #dataOffset} bytes of {@code device}, and returns the
   * volume, ready for writing the payload. The payload runs to the end of the device.
   */
  public static LuksVolume format(
      BlockSource device, long payloadBytes, byte[] passphrase, LuksFormatOptions options)
      throws IOException {
    options.validate();
    if (!device.writable()) {
      throw new LuksException("cannot format " + device + ": opened read-only");
    }
    if (payloadBytes < 0 || payloadBytes % options.sectorSize() != 0) {
      throw new LuksException(
          "payload of "
              + payloadBytes
              + " bytes is not whole "
              + options.sectorSize()
              + "-byte sectors");
    }
    long needed = DATA_OFFSET + payloadBytes;
    if (device.size() < needed) {
      throw new LuksException(
          "device of "
              + device.size()
              + " bytes is too small: the header and payload need "
              + needed);
    }
    SecureRandom random = new SecureRandom();
    int keyBytes = options.volumeKeyBits() / 8;
    byte[] volumeKey = new byte[keyBytes];
    random.nextBytes(volumeKey);
    try {
      wipeMetadataArea(device);
      long areaOffset = 2 * HDR_SIZE;
      long areaSize = alignUp((long) keyBytes * STRIPES, AREA_ALIGN);
      LuksKdf kdf = options.keyslotKdf(salt(random));
      writeKeyslot(device, volumeKey, passphrase, kdf, options, areaOffset, random);

      byte[] digestSalt = salt(random);
      byte[] digest =
          Pbkdf2.derive(
              LuksHash.byName(options.hash(), "digest"),
              volumeKey,
              digestSalt,
              options.pbkdf2Iterations(),
              LuksHash.byName(options.hash(), "digest").size());
      ObjectNode metadata = metadata(options, kdf, areaOffset, areaSize, digestSalt, digest);
      byte[] json = JSON.writeValueAsBytes(metadata);
      Luks2HeaderWriter.write(device, HDR_SIZE, 1, UUID.randomUUID().toString(), json, random);
      device.flush();
      return LuksVolume.withKey(device, LuksHeader.read(device), volumeKey);
    } finally {
      Arrays.fill(volumeKey, (byte) 0);
    }
  }

  /** Zeroes the header and keyslots area so no earlier metadata survives. */
  private static void wipeMetadataArea(BlockSource device) throws IOException {
    byte[] zeros = new byte[1024 * 1024];
    for (long pos = 0; pos < DATA_OFFSET; pos += zeros.length) {
      device.write(pos, ByteBuffer.wrap(zeros, 0, (int) Math.min(zeros.length, DATA_OFFSET - pos)));
    }
  }

  /** AF-splits the volume key and writes it, encrypted under the KDF output, at areaOffset. */
  private static void writeKeyslot(
      BlockSource device,
      byte[] volumeKey,
      byte[] passphrase,
      LuksKdf kdf,
      LuksFormatOptions options,
      long areaOffset,
      SecureRandom random)
      throws IOException {
    byte[] areaKey = kdf.derive(passphrase, volumeKey.length);
    byte[] split =
        AfSplitter.split(volumeKey, STRIPES, LuksHash.byName(options.hash(), "AF"), random);
    byte[] material = Arrays.copyOf(split, (int) alignUp(split.length, 512));
    Arrays.fill(split, (byte) 0);
    try (SectorCipher cipher = SectorCiphers.create(options.cipherSpec(), areaKey, 512)) {
      cipher.encrypt(material, 0, material.length, 0);
      device.write(areaOffset, ByteBuffer.wrap(material));
    } finally {
      Arrays.fill(areaKey, (byte) 0);
      Arrays.fill(material, (byte) 0);
    }
  }

  private static ObjectNode metadata(
      LuksFormatOptions options,
      LuksKdf kdf,
      long areaOffset,
      long areaSize,
      byte[] digestSalt,
      byte[] digest) {
    Base64.Encoder b64 = Base64.getEncoder();
    int keyBytes = options.volumeKeyBits() / 8;
    ObjectNode root = JSON.createObjectNode();

    ObjectNode slot = root.putObject("keyslots").putObject("0");
    slot.put("type", "luks2");
    slot.put("key_size", keyBytes);
    ObjectNode af = slot.putObject("af");
    af.put("type", "luks1");
    af.put("stripes", STRIPES);
    af.put("hash", options.hash());
    ObjectNode area = slot.putObject("area");
    area.put("type", "raw");
    area.put("offset", Long.toString(areaOffset));
    area.put("size", Long.toString(areaSize));
    area.put("encryption", options.cipherSpec());
    area.put("key_size", keyBytes);
    ObjectNode kdfNode = slot.putObject("kdf");
    kdfNode.put("type", kdf.type());
    if (kdf.isArgon2()) {
      kdfNode.put("time", kdf.iterations());
      kdfNode.put("memory", kdf.memoryKiB());
      kdfNode.put("cpus", kdf.cpus());
    } else {
      kdfNode.put("hash", kdf.hash());
      kdfNode.put("iterations", kdf.iterations());
    }
    kdfNode.put("salt", b64.encodeToString(kdf.salt()));

    root.putObject("tokens");

    ObjectNode segment = root.putObject("segments").putObject("0");
    segment.put("type", "crypt");
    segment.put("offset", Long.toString(DATA_OFFSET));
    segment.put("size", "dynamic");
    segment.put("iv_tweak", "0");
    segment.put("encryption", options.cipherSpec());
    segment.put("sector_size", options.sectorSize());

    ObjectNode digestNode = root.putObject("digests").putObject("0");
    digestNode.put("type", "pbkdf2");
    digestNode.putArray("keyslots").add("0");
    digestNode.putArray("segments").add("0");
    digestNode.put("hash", options.hash());
    digestNode.put("iterations", options.pbkdf2Iterations());
    digestNode.put("salt", b64.encodeToString(digestSalt));
    digestNode.put("digest", b64.encodeToString(digest));

    ObjectNode config = root.putObject("config");
    config.put("json_size", Long.toString(HDR_SIZE - Luks2HeaderParser.BINARY_BYTES));
    config.put("keyslots_size", Long.toString(DATA_OFFSET - 2 * HDR_SIZE));
    return root;
  }

  private static byte[] salt(SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return salt;
  }

  private static long alignUp(long value, long alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }
}
