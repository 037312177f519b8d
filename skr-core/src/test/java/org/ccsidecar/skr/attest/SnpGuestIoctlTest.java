package org.ccsidecar.skr.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ccsidecar.skr.snp.SnpTestData;
import org.junit.jupiter.api.Test;

class SnpGuestIoctlTest {
  @Test
  void requestCodeIsIowrS0WithA32ByteArgument() {
    assertEquals(0xC0205300L, SnpGuestIoctl.SNP_GET_REPORT);
    assertEquals(3223343872L, SnpGuestIoctl.SNP_GET_REPORT);
  }

  @Test
  void reportRequestIsReportDataThenVmplThenReserved() {
    byte[] data = new byte[64];
    Arrays.fill(data, (byte) 0x5A);
    byte[] req = SnpGuestIoctl.reportRequest(data, 2);
    assertEquals(96, req.length);
    assertArrayEquals(data, Arrays.copyOf(req, 64));
    assertArrayEquals(new byte[] {2, 0, 0, 0}, Arrays.copyOfRange(req, 64, 68));
    assertArrayEquals(new byte[28], Arrays.copyOfRange(req, 68, 96));
  }

  @Test
  void ioctlArgumentLayout() {
    byte[] arg = SnpGuestIoctl.ioctlArgument(0x1122334455667788L, 0x0102030405060708L);
    assertEquals(32, arg.length);
    ByteBuffer b = ByteBuffer.wrap(arg).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1, b.get(0));
    assertArrayEquals(new byte[7], Arrays.copyOfRange(arg, 1, 8));
    assertEquals(0x1122334455667788L, b.getLong(8));
    assertEquals(0x0102030405060708L, b.getLong(16));
    assertEquals(0, b.getLong(SnpGuestIoctl.FW_ERR_OFFSET));
  }

  @Test
  void responseYieldsTheReportAtOffset32() throws Exception {
    byte[] report = SnpTestData.reportBytes();
    ByteBuffer rsp =
        ByteBuffer.allocate(SnpGuestIoctl.RESPONSE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    rsp.putInt(0, 0).putInt(4, 1184).put(32, report);
    assertArrayEquals(report, SnpGuestIoctl.reportFromResponse(rsp.array()));
  }

  @Test
  void firmwareErrorStatusAndShortReportsAreRefused() {
    ByteBuffer rsp =
        ByteBuffer.allocate(SnpGuestIoctl.RESPONSE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    rsp.putInt(0, 0x16).putInt(4, 1184);
    IOException status =
        assertThrows(IOException.class, () -> SnpGuestIoctl.reportFromResponse(rsp.array()));
    assertTrue(status.getMessage().contains("status 0x16"), status.getMessage());
    rsp.putInt(0, 0).putInt(4, 100);
    assertThrows(IOException.class, () -> SnpGuestIoctl.reportFromResponse(rsp.array()));
    rsp.putInt(4, -1);
    assertThrows(IOException.class, () -> SnpGuestIoctl.reportFromResponse(rsp.array()));
  }

  @Test
  void failureNamesErrnoFirmwareAndVmmErrors() {
    String text =
        SnpGuestIoctl.describeFailure("/dev/sev-guest", 5, "I/O error", (2L << 32) | 0x7L);
    assertEquals(
        "SNP_GET_REPORT on /dev/sev-guest failed: errno 5 (I/O error), firmware error 0x7,"
            + " VMM error 0x2",
        text);
  }
}
