package org.ccsidecar.azmount.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ccsidecar.azmount.image.PayloadCopier;
import org.ccsidecar.azmount.image.ProgressMeter;
import org.ccsidecar.azmount.image.StagedOutputFile;
import org.ccsidecar.azmount.luks.LuksException;
import org.ccsidecar.azmount.luks.LuksVolume;
import org.ccsidecar.azmount.source.FileBlockSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code azmount image decrypt}: writes the decrypted payload to a file. */
@Command(
    name = "decrypt",
    description = {
      "Write the decrypted payload (for images from 'image create': the ext4 file system) to"
          + " FILE, sparse where the payload is zero, mode 0600.",
      "FILE appears only when complete."
    })
final class ImageDecryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ImageOption image;

  @Mixin KeyFileOption key;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "File to write; refused when it exists unless --force.")
  Path output;

  @Option(names = "--force", description = "Replace an existing output file.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    byte[] passphrase = key.read();
    try (FileBlockSource device = FileBlockSource.open(image.image, false);
        LuksVolume volume = LuksVolume.open(device, passphrase)) {
      Arrays.fill(passphrase, (byte) 0);
      HeaderWarnings.print(volume.header(), spec.commandLine().getErr());
      long size = volume.size();
      try (StagedOutputFile staged = StagedOutputFile.create(output, size, force);
          FileBlockSource target = FileBlockSource.open(staged.staging(), true)) {
        ProgressMeter meter =
            ProgressMeter.onStderr(spec.commandLine().getErr(), "decrypting", size);
        new PayloadCopier(true).copy(volume, target, size, meter::update);
        target.flush();
        meter.finish(size);
        staged.commit();
      }
    } catch (LuksException e) {
      throw image.about(e);
    } finally {
      Arrays.fill(passphrase, (byte) 0);
    }
    return 0;
  }
}
