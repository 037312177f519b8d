package org.ccsidecar.skr.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code skr report ...}: work with SEV-SNP attestation reports. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Work with SEV-SNP attestation reports.",
    subcommands = {ReportVerifyCommand.class})
final class ReportCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
