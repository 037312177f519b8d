package org.ccsidecar.skr.attest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ccsidecar.skr.snp.SnpReport;

/**
 * The structures of the Linux sev-guest SNP_GET_REPORT ioctl (include/uapi/linux/sev-guest.h): the
 * ioctl argument {@code snp_guest_request_ioctl}, the request {@code snp_report_req} and the
 * response container holding MSG_REPORT_RSP. Pure encoding, so it is testable off hardware.
 */
final class SnpGuestIoctl {
  /** _IOWR('S', 0x0, struct snp_guest_request_ioctl) with a 32-byte argument. */
  static final long SNP_GET_REPORT = (3L << 30) | (32L << 16) | ('S' << 8);

  static final int IOCTL_ARG_SIZE = 32;
  static final int REQUEST_SIZE = 96;
  static final int RESPONSE_SIZE = 4000;
  static final int FW_ERR_OFFSET = 24;
  private static final int MSG_VERSION = 1;
  private static final int REPORT_OFFSET_IN_RESPONSE = 32;

  private SnpGuestIoctl() {}

  /** snp_report_req: user_data[64], vmpl u32, reserved[28]. */
  static byte[] reportRequest(byte[] reportData64, int vmpl) {
    ReportData.requireSize(reportData64);
    ByteBuffer req = ByteBuffer.allocate(REQUEST_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    req.put(reportData64);
    req.putInt(vmpl);
    return req.array();
  }

  /** snp_guest_request_ioctl: msg_version u8 (+7 padding), req_data u64, resp_data u64, fw_err. */
  static byte[] ioctlArgument(long requestAddress, long responseAddress) {
    ByteBuffer arg = ByteBuffer.allocate(IOCTL_ARG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    arg.put(0, (byte) MSG_VERSION);
    arg.putLong(8, requestAddress);
    arg.putLong(16, responseAddress);
    return arg.array();
  }

  /** MSG_REPORT_RSP: status u32, report_size u32, reserved[24], then the report. */
  static byte[] reportFromResponse(byte[] response) throws IOException {
    ByteBuffer rsp = ByteBuffer.wrap(response).order(ByteOrder.LITTLE_ENDIAN);
    int status = rsp.getInt(0);
    if (status != 0) {
      throw new IOException(
          String.format("SEV firmware refused the report request: status 0x%x", status));
    }
    long reportSize = Integer.toUnsignedLong(rsp.getInt(4));
    if (reportSize < SnpReport.SIZE || reportSize > response.length - REPORT_OFFSET_IN_RESPONSE) {
      throw new IOException(
          "SEV firmware returned a report of "
              + reportSize
              + " bytes; expected at least "
              + SnpReport.SIZE);
    }
    return Arrays.copyOfRange(
        response, REPORT_OFFSET_IN_RESPONSE, REPORT_OFFSET_IN_RESPONSE + SnpReport.SIZE);
  }

  /** Explains a failed ioctl from errno and the fw_err field (firmware error, VMM error). */
  static String describeFailure(String device, int errno, String errnoText, long fwErr) {
    return String.format(
        "SNP_GET_REPORT on %s failed: errno %d (%s), firmware error 0x%x, VMM error 0x%x",
        device, errno, errnoText, fwErr & 0xFFFFFFFFL, fwErr >>> 32);
  }
}
