package org.ccsidecar.azmount.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ccsidecar.azmount.luks.LuksException;
import org.ccsidecar.azmount.luks.LuksVolume;
import org.ccsidecar.azmount.source.FileBlockSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code azmount image verify-key}: exit 0 when the key opens a keyslot. */
@Command(
    name = "verify-key",
    description =
        "Check that the key file opens a keyslot of the image (like cryptsetup open"
            + " --test-passphrase): exit 0 when it does, 1 when it does not.")
final class ImageVerifyKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ImageOption image;

  @Mixin KeyFileOption key;

  @Override
  public Integer call() throws IOException {
    byte[] passphrase = key.read();
    try (FileBlockSource device = FileBlockSource.open(image.image, false);
        LuksVolume volume = LuksVolume.open(device, passphrase)) {
      HeaderWarnings.print(volume.header(), spec.commandLine().getErr());
      spec.commandLine().getOut().println(image.image + ": the key opens a keyslot");
    } catch (LuksException e) {
      throw image.about(e);
    } finally {
      Arrays.fill(passphrase, (byte) 0);
    }
    return 0;
  }
}
