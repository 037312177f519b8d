package org.ccsidecar.azmount.image;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reports progress of a long copy on stderr: a line rewritten in place when stderr is a terminal,
 * otherwise a plain line every {@link #PLAIN_INTERVAL_NANOS} so logs of long runs show life without
 * cluttering short ones.
 */
public final class ProgressMeter {
  private static final long TERMINAL_INTERVAL_NANOS = 200_000_000L;
  private static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastPrint = start;
  private boolean printed;

  public ProgressMeter(PrintWriter err, String label, long total, boolean terminal) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.terminal = terminal;
  }

  /** A meter on {@code err} that rewrites its line when the process's stderr is a terminal. */
  public static ProgressMeter onStderr(PrintWriter err, String label, long total) {
    return new ProgressMeter(err, label, total, stderrIsTerminal());
  }

  /** Records that {@code done} of {@code total} bytes are finished. */
  public void update(long done) {
    long now = System.nanoTime();
    long interval = terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
    if (now - lastPrint < interval) {
      return;
    }
    lastPrint = now;
    print(done, now);
  }

  /** Ends the meter's line, if it printed one. */
  public void finish(long done) {
    if (printed) {
      print(done, System.nanoTime());
      if (terminal) {
        err.println();
      }
    }
  }

  private void print(long done, long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    String line =
        String.format(
            Locale.ROOT,
            "%s: %3d%% (%d of %d MiB, %.0f MB/s)",
            label,
            total == 0 ? 100 : (int) (done * 100 / total),
            done >> 20,
            total >> 20,
            done / seconds / 1e6);
    if (terminal) {
      err.print("\r" + line);
    } else {
      err.println(line);
    }
    err.flush();
    printed = true;
  }

  /** Whether this process's stderr (fd 2) is a terminal; Linux only, false elsewhere. */
  public static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
