package org.ccsidecar.skr.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.ccsidecar.skr.cli.SkrCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EmulatorMainTest {
  @TempDir Path stateDir;

  private static int run(StringWriter err, String... args) {
    CommandLine command = EmulatorMain.commandLine();
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    StringWriter err = new StringWriter();
    assertEquals(2, run(err, "--state-dir", stateDir.toString()));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("--port"), err.toString());

    StringWriter badPort = new StringWriter();
    assertEquals(2, run(badPort, "--port", "70000", "--state-dir", stateDir.toString()));
    assertTrue(badPort.toString().contains("0..65535"), badPort.toString());
  }

  @Test
  void aTakenPortExitsOneNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      StringWriter err = new StringWriter();
      assertEquals(
          1,
          run(
              err,
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--state-dir",
              stateDir.toString()));
      assertEquals(1, err.toString().strip().lines().count(), err.toString());
      assertTrue(err.toString().contains("127.0.0.1:" + taken.getLocalPort()), err.toString());
    }
  }

  @Test
  void skrHelpDocumentsTheEmulatorDispatch() {
    String usage = SkrCli.commandLine().getUsageMessage();
    assertTrue(usage.contains("emulator --port N --state-dir DIR"), usage);
  }
}
