package org.ccsidecar.azmount.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.ccsidecar.azmount.image.ImageCreator;
import org.ccsidecar.azmount.image.ImageException;
import org.ccsidecar.azmount.image.KeyFiles;
import org.ccsidecar.azmount.image.ProgressMeter;
import org.ccsidecar.azmount.luks.LuksFormatOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code azmount image create}: ext4 from a directory, encrypted into a LUKS2 image. */
@Command(
    name = "create",
    description = {
      "Build an ext4 file system from DIR (mkfs.ext4 -d, no root needed) and encrypt it into a"
          + " new LUKS2 image (aes-xts-plain64, 512-bit volume key).",
      "A plaintext temporary file is written next to IMG and always removed; IMG appears only"
          + " when complete (mode 0600)."
    })
final class ImageCreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "DIR",
      description = "Directory whose content becomes the image's file system.")
  Path source;

  @Mixin KeyFileOption key;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "IMG",
      description = "Image file to create; refused when it exists unless --force.")
  Path output;

  @Option(
      names = "--size",
      paramLabel = "BYTES|auto",
      defaultValue = "auto",
      converter = ByteSizeConverter.class,
      description =
          "Size of the ext4 file system (the decrypted payload), a multiple of the sector size;"
              + " suffixes K, M, G, T are powers of 1024. auto (default): the content plus"
              + " metadata plus 10%% (at least 16 MiB) spare, at least 32 MiB. The image is"
              + " larger by the LUKS2 header area.")
  OptionalLong size;

  @Option(
      names = "--sector-size",
      paramLabel = "512|4096",
      defaultValue = "4096",
      converter = SectorSizeConverter.class,
      description = "Encryption sector size in bytes (default: ${DEFAULT-VALUE}).")
  int sectorSize;

  @Option(
      names = "--pbkdf",
      paramLabel = "KDF",
      defaultValue = "pbkdf2",
      description =
          "Keyslot key derivation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; a key"
              + " file of 32 random bytes gains nothing from a slow KDF).")
  Pbkdf pbkdf;

  @Option(
      names = "--generate-key",
      description =
          "First write 32 random bytes to the --key-file path (mode 0600). Refused when that"
              + " file exists: a key is never overwritten. Removed again when creation fails (not"
              + " when the process is killed).")
  boolean generateKey;

  @Option(names = "--force", description = "Replace an existing output file.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    if (size.isPresent() && size.getAsLong() % sectorSize != 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--size " + size.getAsLong() + " is not a multiple of the sector size " + sectorSize);
    }
    if (generateKey) {
      generateKeyFile();
    }
    boolean created = false;
    try {
      ImageCreator.Result result = create();
      created = true;
      spec.commandLine().getOut().println(summary(result));
      return 0;
    } finally {
      if (generateKey && !created) {
        Files.deleteIfExists(key.keyFile);
      }
    }
  }

  private ImageCreator.Result create() throws IOException {
    LuksFormatOptions format =
        LuksFormatOptions.defaults().withSectorSize(sectorSize).withPbkdf(pbkdf.name());
    byte[] passphrase = key.read();
    if (ProgressMeter.stderrIsTerminal()) {
      spec.commandLine().getErr().println("building ext4 from " + source + " with mkfs.ext4 -d");
    }
    try {
      return ImageCreator.create(
          new ImageCreator.Request(source, output, size, format, force),
          passphrase,
          total -> ProgressMeter.onStderr(spec.commandLine().getErr(), "encrypting", total));
    } finally {
      Arrays.fill(passphrase, (byte) 0);
    }
  }

  private void generateKeyFile() throws IOException {
    try {
      KeyFiles.generate(key.keyFile);
    } catch (FileAlreadyExistsException e) {
      throw new ImageException(
          key.keyFile
              + ": exists; --generate-key never overwrites a key (drop --generate-key to use it)");
    }
  }

  private String summary(ImageCreator.Result result) {
    double encryptSeconds = result.encryptNanos() / 1e9;
    return String.format(
        Locale.ROOT,
        "created %s: %d bytes, ext4 payload %d bytes; mkfs.ext4 %.2f s, encryption %.2f s"
            + " (%.0f MB/s), sync %.2f s",
        output,
        result.imageBytes(),
        result.payloadBytes(),
        result.mkfsNanos() / 1e9,
        encryptSeconds,
        result.payloadBytes() / Math.max(encryptSeconds, 1e-9) / 1e6,
        result.syncNanos() / 1e9);
  }
}
