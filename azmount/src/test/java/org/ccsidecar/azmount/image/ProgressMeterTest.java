package org.ccsidecar.azmount.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

  @Test
  void aQuickRunOnAPlainStreamPrintsNothing() {
    StringWriter text = new StringWriter();
    ProgressMeter meter = new ProgressMeter(new PrintWriter(text), "encrypting", 100 << 20, false);
    meter.update(50 << 20);
    meter.finish(100 << 20);
    assertEquals("", text.toString());
  }

  @Test
  void onATerminalTheLineIsRewrittenAndEndedByFinish() throws Exception {
    StringWriter text = new StringWriter();
    ProgressMeter meter = new ProgressMeter(new PrintWriter(text), "encrypting", 100 << 20, true);
    Thread.sleep(250);
    meter.update(50 << 20);
    meter.finish(100 << 20);
    String out = text.toString();
    assertTrue(out.startsWith("\rencrypting:  50% (50 of 100 MiB, "), out);
    assertTrue(out.contains("\rencrypting: 100% (100 of 100 MiB, "), out);
    assertTrue(out.endsWith(" MB/s)" + System.lineSeparator()), out);
  }
}
