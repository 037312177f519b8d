package org.ccsidecar.skr.attest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/** Fetches reports through the SNP_GET_REPORT ioctl on /dev/sev-guest (Linux 6.x sev-guest). */
public final class SevGuestReportSource implements AttestationReportSource {
  public static final Path DEFAULT_DEVICE = Path.of("/dev/sev-guest");
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 0x80000;

  /** The libc calls we need; loaded on first use so a missing device fails before any JNI. */
  public interface LibC {
    @SaveError
    int open(String path, int flags);

    @SaveError
    int ioctl(int fd, long request, Pointer argument);

    int close(int fd);
  }

  private final Path device;

  public SevGuestReportSource() {
    this(DEFAULT_DEVICE);
  }

  public SevGuestReportSource(Path device) {
    this.device = device;
  }

  public Path device() {
    return device;
  }

  @Override
  public byte[] fetchReport(byte[] reportData64) throws IOException {
    ReportData.requireSize(reportData64);
    if (!Files.exists(device)) {
      throw new IOException(
          "no SEV-SNP guest device at "
              + device
              + ": not running in an SEV-SNP VM, or the sev-guest driver is not loaded");
    }
    LibC libc = LibcHolder.LIBC;
    Runtime runtime = Runtime.getRuntime(libc);
    int fd = libc.open(device.toString(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      int errno = runtime.getLastError();
      throw new IOException("cannot open " + device + ": " + errnoText(errno));
    }
    try {
      byte[] request = SnpGuestIoctl.reportRequest(reportData64, 0);
      Pointer req = Memory.allocateDirect(runtime, SnpGuestIoctl.REQUEST_SIZE);
      Pointer rsp = Memory.allocateDirect(runtime, SnpGuestIoctl.RESPONSE_SIZE);
      Pointer arg = Memory.allocateDirect(runtime, SnpGuestIoctl.IOCTL_ARG_SIZE);
      req.put(0, request, 0, request.length);
      byte[] argument = SnpGuestIoctl.ioctlArgument(req.address(), rsp.address());
      arg.put(0, argument, 0, argument.length);
      if (libc.ioctl(fd, SnpGuestIoctl.SNP_GET_REPORT, arg) < 0) {
        int errno = runtime.getLastError();
        throw new IOException(
            SnpGuestIoctl.describeFailure(
                device.toString(),
                errno,
                errnoText(errno),
                arg.getLong(SnpGuestIoctl.FW_ERR_OFFSET)));
      }
      byte[] response = new byte[SnpGuestIoctl.RESPONSE_SIZE];
      rsp.get(0, response, 0, response.length);
      return SnpGuestIoctl.reportFromResponse(response);
    } finally {
      libc.close(fd);
    }
  }

  @Override
  public String name() {
    return "sev-guest";
  }

  private static String errnoText(int errno) {
    Errno e = Errno.valueOf(errno);
    return e == null || e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.description();
  }

  private static final class LibcHolder {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  }
}
