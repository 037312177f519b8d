package org.ccsidecar.azmount.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import org.ccsidecar.azmount.luks.LuksFormatOptions;
import org.ccsidecar.azmount.luks.LuksFormatter;
import org.ccsidecar.azmount.luks.LuksVolume;
import org.ccsidecar.azmount.source.FileBlockSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an encrypted image from a directory: ext4 via mkfs.ext4 into a plaintext temporary file
 * next to the output, then LUKS2-formatted and encrypted into the output. The temporary file is
 * always removed; the output appears only when complete.
 */
public final class ImageCreator {
  private static final Logger log = LoggerFactory.getLogger(ImageCreator.class);

  /**
   * What to build.
   *
   * @param payloadBytes ext4 size; empty to size it from the source
   * @param replace replace an existing output
   */
  public record Request(
      Path sourceDir,
      Path output,
      OptionalLong payloadBytes,
      LuksFormatOptions format,
      boolean replace) {}

  /** What was built, and how long its phases took. */
  public record Result(
      long payloadBytes, long imageBytes, long mkfsNanos, long encryptNanos, long syncNanos) {}

  private ImageCreator() {}

  /**
   * @param key passphrase bytes (the caller zeroes them)
   * @param progress a meter for the encryption phase, given its total bytes
   */
  public static Result create(Request request, byte[] key, LongFunction<ProgressMeter> progress)
      throws IOException {
    Path source = request.sourceDir();
    if (!Files.exists(source)) {
      throw new NoSuchFileException(source.toString());
    }
    if (!Files.isDirectory(source)) {
      throw new NotDirectoryException(source.toString());
    }
    long payload;
    OptionalLong inodes;
    if (request.payloadBytes().isPresent()) {
      payload = request.payloadBytes().getAsLong();
      inodes = OptionalLong.empty();
    } else {
      Ext4SizeEstimator.Ext4Size size = Ext4SizeEstimator.estimate(source);
      payload = size.bytes();
      inodes = OptionalLong.of(size.inodes());
    }
    long imageBytes = LuksFormatter.dataOffset(request.format()) + payload;
    Path output = request.output().toAbsolutePath();
    Path plaintext = StagedOutputFile.createHiddenTempFile(output, ".ext4-plaintext");
    try (StagedOutputFile staged = StagedOutputFile.create(output, imageBytes, request.replace())) {
      long start = System.nanoTime();
      try (RandomAccessFile file = new RandomAccessFile(plaintext.toFile(), "rw")) {
        file.setLength(payload);
      }
      log.info("building ext4 of {} bytes from {}", payload, source);
      MkfsExt4.build(source, plaintext, inodes);
      long mkfsDone = System.nanoTime();
      long syncNanos =
          encrypt(
              plaintext, staged.staging(), payload, key, request.format(), progress.apply(payload));
      long encryptDone = System.nanoTime();
      staged.commit();
      return new Result(
          payload, imageBytes, mkfsDone - start, encryptDone - mkfsDone - syncNanos, syncNanos);
    } finally {
      Files.deleteIfExists(plaintext);
    }
  }

  /** Formats and fills the image; returns the nanoseconds spent making it durable. */
  private static long encrypt(
      Path plaintext,
      Path image,
      long payload,
      byte[] key,
      LuksFormatOptions format,
      ProgressMeter meter)
      throws IOException {
    try (FileBlockSource plain = FileBlockSource.open(plaintext, false);
        FileBlockSource device = FileBlockSource.open(image, true);
        LuksVolume volume = LuksFormatter.format(device, payload, key, format)) {
      new PayloadCopier(false).copy(plain, volume, payload, meter::update);
      meter.finish(payload);
      long syncStart = System.nanoTime();
      // Durable before the rename, so a crash never leaves a complete-looking but partial image.
      volume.flush();
      return System.nanoTime() - syncStart;
    }
  }
}
