package org.ccsidecar.azmount.cli;

import java.nio.file.Path;
import org.ccsidecar.azmount.image.ImageException;
import org.ccsidecar.azmount.luks.LuksException;
import picocli.CommandLine.Option;

/** {@code --image IMG}: an existing LUKS image file. */
final class ImageOption {
  @Option(
      names = "--image",
      required = true,
      paramLabel = "IMG",
      description = "The LUKS image file.")
  Path image;

  /** The engine's message, prefixed with the image it is about. */
  ImageException about(LuksException e) {
    return new ImageException(image + ": " + e.getMessage(), e);
  }
}
