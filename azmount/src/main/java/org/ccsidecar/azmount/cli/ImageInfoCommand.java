package org.ccsidecar.azmount.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ccsidecar.azmount.luks.LuksException;
import org.ccsidecar.azmount.luks.LuksHeader;
import org.ccsidecar.azmount.luks.LuksKeyslotInfo;
import org.ccsidecar.azmount.source.FileBlockSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code azmount image info}: a luksDump-like summary without any secret. */
@Command(
    name = "info",
    description = {
      "Print a summary of a LUKS image's header: version, UUID, cipher, sector size, data"
          + " offset and size, keyslots and their KDFs. Prints no key material; needs no key.",
      "Header warnings (such as one damaged header copy) go to stderr."
    })
final class ImageInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ImageOption image;

  @Override
  public Integer call() throws IOException {
    try (FileBlockSource device = FileBlockSource.open(image.image, false)) {
      LuksHeader header = LuksHeader.read(device);
      print(header, device.size(), spec.commandLine().getOut());
      HeaderWarnings.print(header, spec.commandLine().getErr());
    } catch (LuksException e) {
      throw image.about(e);
    }
    return 0;
  }

  private void print(LuksHeader header, long deviceSize, PrintWriter out) {
    out.println("Image:          " + image.image);
    out.println("Version:        LUKS" + header.version());
    out.println("UUID:           " + header.uuid());
    out.println("Cipher:         " + header.cipherSpec());
    out.println("Volume key:     " + header.volumeKeyBits() + " bits");
    out.println("Sector size:    " + header.sectorSize() + " bytes");
    out.println("Data offset:    " + header.dataOffset() + " bytes");
    out.println(
        "Data size:      "
            + header.dataSize(deviceSize)
            + " bytes"
            + (header.dynamicDataSize() ? " (dynamic: to the end of the image)" : ""));
    out.println("Keyslots:");
    for (LuksKeyslotInfo slot : header.keyslots()) {
      out.println(
          "  "
              + slot.id()
              + ": "
              + slot.kdf().describe()
              + "; key "
              + slot.keyBytes() * 8
              + " bits, AF stripes "
              + slot.stripes()
              + " ("
              + slot.afHash()
              + "), area "
              + slot.areaCipher());
    }
  }
}
