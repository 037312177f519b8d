package org.ccsidecar.skr.snp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SEV-SNP attestation report (AMD SEV-SNP firmware ABI, ATTESTATION_REPORT): 1184 bytes,
 * little-endian. Immutable; the raw bytes are the source of truth, so {@link #toBytes()} returns
 * exactly what was parsed. Build new reports with {@link #builder()}.
 */
public final class SnpReport {
  public static final int SIZE = 1184;
  public static final int SIGNED_REGION_SIZE = 0x2A0;
  public static final int SIGNATURE_COMPONENT_SIZE = 72;

  /** SIGNATURE_ALGO value for ECDSA P-384 with SHA-384, the only one AMD defines. */
  public static final int SIGNATURE_ALGO_ECDSA_P384_SHA384 = 1;

  static final int VERSION = 0x00;
  static final int GUEST_SVN = 0x04;
  static final int POLICY = 0x08;
  static final int FAMILY_ID = 0x10;
  static final int IMAGE_ID = 0x20;
  static final int VMPL = 0x30;
  static final int SIGNATURE_ALGO = 0x34;
  static final int CURRENT_TCB = 0x38;
  static final int PLATFORM_INFO = 0x40;
  static final int KEY_INFO = 0x48;
  static final int REPORT_DATA = 0x50;
  static final int MEASUREMENT = 0x90;
  static final int HOST_DATA = 0xC0;
  static final int ID_KEY_DIGEST = 0xE0;
  static final int AUTHOR_KEY_DIGEST = 0x110;
  static final int REPORT_ID = 0x140;
  static final int REPORT_ID_MA = 0x160;
  static final int REPORTED_TCB = 0x180;
  static final int CPUID = 0x188;
  static final int CHIP_ID = 0x1A0;
  static final int COMMITTED_TCB = 0x1E0;
  static final int CURRENT_VERSION = 0x1E8;
  static final int COMMITTED_VERSION = 0x1EC;
  static final int LAUNCH_TCB = 0x1F0;
  static final int SIGNATURE_R = 0x2A0;
  static final int SIGNATURE_S = SIGNATURE_R + SIGNATURE_COMPONENT_SIZE;

  static final int FAMILY_ID_SIZE = 16;
  static final int REPORT_DATA_SIZE = 64;
  static final int MEASUREMENT_SIZE = 48;
  static final int HOST_DATA_SIZE = 32;
  static final int KEY_DIGEST_SIZE = 48;
  static final int REPORT_ID_SIZE = 32;
  static final int CHIP_ID_SIZE = 64;

  /** Guest policy bit 19: the guest may be debugged by the host. */
  public static final long POLICY_DEBUG = 1L << 19;

  private final byte[] bytes;

  private SnpReport(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Parses a report; the array is copied. */
  public static SnpReport parse(byte[] report) {
    if (report == null || report.length != SIZE) {
      throw new IllegalArgumentException(
          "an SNP attestation report is "
              + SIZE
              + " bytes, got "
              + (report == null ? "none" : report.length));
    }
    return new SnpReport(report.clone());
  }

  public static Builder builder() {
    return new Builder(new byte[SIZE]);
  }

  /** A builder starting from this report's bytes. */
  public Builder toBuilder() {
    return new Builder(bytes.clone());
  }

  /** The report as 1184 bytes (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Bytes [0, 0x2A0): what the VCEK signs. */
  public byte[] signedRegion() {
    return Arrays.copyOfRange(bytes, 0, SIGNED_REGION_SIZE);
  }

  public int version() {
    return u32(VERSION);
  }

  public int guestSvn() {
    return u32(GUEST_SVN);
  }

  public long policy() {
    return u64(POLICY);
  }

  public boolean isDebuggable() {
    return (policy() & POLICY_DEBUG) != 0;
  }

  public byte[] familyId() {
    return range(FAMILY_ID, FAMILY_ID_SIZE);
  }

  public byte[] imageId() {
    return range(IMAGE_ID, FAMILY_ID_SIZE);
  }

  public int vmpl() {
    return u32(VMPL);
  }

  public int signatureAlgo() {
    return u32(SIGNATURE_ALGO);
  }

  public TcbVersion currentTcb() {
    return new TcbVersion(u64(CURRENT_TCB));
  }

  public long platformInfo() {
    return u64(PLATFORM_INFO);
  }

  /** Bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 2-4 SIGNING_KEY (0 = VCEK, 1 = VLEK). */
  public int keyInfo() {
    return u32(KEY_INFO);
  }

  /** SIGNING_KEY: 0 when the VCEK signed the report, 1 for a VLEK. */
  public int signingKey() {
    return (keyInfo() >>> 2) & 0x7;
  }

  public byte[] reportData() {
    return range(REPORT_DATA, REPORT_DATA_SIZE);
  }

  public byte[] measurement() {
    return range(MEASUREMENT, MEASUREMENT_SIZE);
  }

  public byte[] hostData() {
    return range(HOST_DATA, HOST_DATA_SIZE);
  }

  public byte[] idKeyDigest() {
    return range(ID_KEY_DIGEST, KEY_DIGEST_SIZE);
  }

  public byte[] authorKeyDigest() {
    return range(AUTHOR_KEY_DIGEST, KEY_DIGEST_SIZE);
  }

  public byte[] reportId() {
    return range(REPORT_ID, REPORT_ID_SIZE);
  }

  public byte[] reportIdMa() {
    return range(REPORT_ID_MA, REPORT_ID_SIZE);
  }

  public TcbVersion reportedTcb() {
    return new TcbVersion(u64(REPORTED_TCB));
  }

  /** CPUID family, model and stepping (report version 3 and later; zeros before). */
  public byte[] cpuid() {
    return range(CPUID, 3);
  }

  public byte[] chipId() {
    return range(CHIP_ID, CHIP_ID_SIZE);
  }

  public String chipIdHex() {
    return HexFormat.of().formatHex(chipId());
  }

  public TcbVersion committedTcb() {
    return new TcbVersion(u64(COMMITTED_TCB));
  }

  /** Firmware version as {build, minor, major}. */
  public byte[] currentVersion() {
    return range(CURRENT_VERSION, 3);
  }

  /** Committed firmware version as {build, minor, major}. */
  public byte[] committedVersion() {
    return range(COMMITTED_VERSION, 3);
  }

  public TcbVersion launchTcb() {
    return new TcbVersion(u64(LAUNCH_TCB));
  }

  /** Signature component R, 72 bytes little-endian (the P-384 value fills the first 48). */
  public byte[] signatureR() {
    return range(SIGNATURE_R, SIGNATURE_COMPONENT_SIZE);
  }

  /** Signature component S, 72 bytes little-endian. */
  public byte[] signatureS() {
    return range(SIGNATURE_S, SIGNATURE_COMPONENT_SIZE);
  }

  private int u32(int offset) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
  }

  private long u64(int offset) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
  }

  private byte[] range(int offset, int length) {
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SnpReport other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SnpReport{version="
        + version()
        + ", vmpl="
        + vmpl()
        + ", debuggable="
        + isDebuggable()
        + ", reportedTcb="
        + reportedTcb().toHex()
        + "}";
  }

  /** Writes report fields; fields not set stay zero (reserved bytes always are). */
  public static final class Builder {
    private final ByteBuffer buf;

    private Builder(byte[] bytes) {
      this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public Builder version(int v) {
      buf.putInt(VERSION, v);
      return this;
    }

    public Builder guestSvn(int v) {
      buf.putInt(GUEST_SVN, v);
      return this;
    }

    public Builder policy(long v) {
      buf.putLong(POLICY, v);
      return this;
    }

    public Builder familyId(byte[] v) {
      return put(FAMILY_ID, FAMILY_ID_SIZE, v, "family_id");
    }

    public Builder imageId(byte[] v) {
      return put(IMAGE_ID, FAMILY_ID_SIZE, v, "image_id");
    }

    public Builder vmpl(int v) {
      buf.putInt(VMPL, v);
      return this;
    }

    public Builder signatureAlgo(int v) {
      buf.putInt(SIGNATURE_ALGO, v);
      return this;
    }

    public Builder currentTcb(TcbVersion v) {
      buf.putLong(CURRENT_TCB, v.raw());
      return this;
    }

    public Builder platformInfo(long v) {
      buf.putLong(PLATFORM_INFO, v);
      return this;
    }

    public Builder keyInfo(int v) {
      buf.putInt(KEY_INFO, v);
      return this;
    }

    public Builder reportData(byte[] v) {
      return put(REPORT_DATA, REPORT_DATA_SIZE, v, "report_data");
    }

    public Builder measurement(byte[] v) {
      return put(MEASUREMENT, MEASUREMENT_SIZE, v, "measurement");
    }

    public Builder hostData(byte[] v) {
      return put(HOST_DATA, HOST_DATA_SIZE, v, "host_data");
    }

    public Builder idKeyDigest(byte[] v) {
      return put(ID_KEY_DIGEST, KEY_DIGEST_SIZE, v, "id_key_digest");
    }

    public Builder authorKeyDigest(byte[] v) {
      return put(AUTHOR_KEY_DIGEST, KEY_DIGEST_SIZE, v, "author_key_digest");
    }

    public Builder reportId(byte[] v) {
      return put(REPORT_ID, REPORT_ID_SIZE, v, "report_id");
    }

    public Builder reportIdMa(byte[] v) {
      return put(REPORT_ID_MA, REPORT_ID_SIZE, v, "report_id_ma");
    }

    public Builder reportedTcb(TcbVersion v) {
      buf.putLong(REPORTED_TCB, v.raw());
      return this;
    }

    public Builder cpuid(byte[] v) {
      return put(CPUID, 3, v, "cpuid");
    }

    public Builder chipId(byte[] v) {
      return put(CHIP_ID, CHIP_ID_SIZE, v, "chip_id");
    }

    public Builder committedTcb(TcbVersion v) {
      buf.putLong(COMMITTED_TCB, v.raw());
      return this;
    }

    public Builder currentVersion(byte[] v) {
      return put(CURRENT_VERSION, 3, v, "current version");
    }

    public Builder committedVersion(byte[] v) {
      return put(COMMITTED_VERSION, 3, v, "committed version");
    }

    public Builder launchTcb(TcbVersion v) {
      buf.putLong(LAUNCH_TCB, v.raw());
      return this;
    }

    public Builder signatureR(byte[] v) {
      return put(SIGNATURE_R, SIGNATURE_COMPONENT_SIZE, v, "signature r");
    }

    public Builder signatureS(byte[] v) {
      return put(SIGNATURE_S, SIGNATURE_COMPONENT_SIZE, v, "signature s");
    }

    public SnpReport build() {
      return new SnpReport(buf.array().clone());
    }

    private Builder put(int offset, int size, byte[] value, String field) {
      if (value.length != size) {
        throw new IllegalArgumentException(
            field + " must be " + size + " bytes, got " + value.length);
      }
      buf.put(offset, value);
      return this;
    }
  }
}
