package org.ccsidecar.azmount.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code azmount image}: the group of image subcommands. */
@Command(
    name = "image",
    description = "Create, inspect, check keys of and decrypt LUKS2 images.",
    subcommands = {
      ImageCreateCommand.class,
      ImageInfoCommand.class,
      ImageDecryptCommand.class,
      ImageVerifyKeyCommand.class
    })
final class ImageCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: create, info, decrypt or verify-key");
  }
}
