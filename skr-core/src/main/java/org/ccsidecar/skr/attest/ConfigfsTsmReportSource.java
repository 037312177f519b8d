package org.ccsidecar.skr.attest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.ccsidecar.skr.snp.SnpReport;

/**
 * Fetches reports through the kernel's configfs-tsm interface: make a report entry directory, write
 * REPORT_DATA to {@code inblob}, read the report from {@code outblob}, remove the entry. {@code
 * generation} counts writes to the entry; reading it around the read detects a concurrent writer,
 * as the kernel documentation advises.
 */
public final class ConfigfsTsmReportSource implements AttestationReportSource {
  public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/config/tsm/report");
  private static final String SEV_PROVIDER = "sev_guest";
  private static final AtomicLong ENTRIES = new AtomicLong();

  private final Path root;

  public ConfigfsTsmReportSource() {
    this(DEFAULT_ROOT);
  }

  public ConfigfsTsmReportSource(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** True when the configfs-tsm report directory exists (the kernel supports it). */
  public boolean available() {
    return Files.isDirectory(root);
  }

  @Override
  public byte[] fetchReport(byte[] reportData64) throws IOException {
    ReportData.requireSize(reportData64);
    if (!available()) {
      throw new IOException(
          "configfs-tsm is not available: "
              + root
              + " does not exist (kernel without CONFIG_TSM_REPORTS, or configfs not mounted)");
    }
    Path entry =
        root.resolve(
            "ccsidecar-" + ProcessHandle.current().pid() + "-" + ENTRIES.incrementAndGet());
    Files.createDirectory(entry);
    try {
      String provider = readText(entry, "provider");
      if (!SEV_PROVIDER.equals(provider)) {
        throw new IOException(
            "configfs-tsm provider is '" + provider + "', not " + SEV_PROVIDER + " (SEV-SNP)");
      }
      Files.write(entry.resolve("inblob"), reportData64);
      String generation = readText(entry, "generation");
      byte[] out = Files.readAllBytes(entry.resolve("outblob"));
      String after = readText(entry, "generation");
      if (!generation.equals(after)) {
        throw new IOException(
            "configfs-tsm entry " + entry + " was changed by another writer while reading it");
      }
      if (out.length < SnpReport.SIZE) {
        throw new IOException(
            "configfs-tsm returned "
                + out.length
                + " bytes; expected a "
                + SnpReport.SIZE
                + "-byte SNP report");
      }
      return Arrays.copyOf(out, SnpReport.SIZE);
    } finally {
      Files.deleteIfExists(entry);
    }
  }

  @Override
  public String name() {
    return "configfs-tsm";
  }

  private static String readText(Path entry, String file) throws IOException {
    try {
      return new String(Files.readAllBytes(entry.resolve(file)), StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      throw new IOException("configfs-tsm entry has no '" + file + "' attribute: " + entry, e);
    }
  }
}
