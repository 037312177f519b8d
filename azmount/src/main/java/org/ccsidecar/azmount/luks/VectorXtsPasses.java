package org.ccsidecar.azmount.luks;

import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link XtsPasses} on 256-bit vectors (the JDK's incubating Vector API; AVX2 on x86).
 *
 * <p>A vector holds two tweaks, each as (lo, hi) longs. Instead of doubling tweak after tweak (a
 * serial chain), the tweaks of a group of {@link #GROUP} blocks are computed directly from the
 * group's first tweak t: t·α^d is t shifted left by d bits across 128, with the d bits shifted out
 * of the top folded back into the low long as their carry-less product with 0x87 (x^7+x^2+x+1). For
 * d < 57 that product fits in the low long, so every lane is independent shifts and XORs.
 */
final class VectorXtsPasses implements XtsPasses {
  private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_256;
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_256;

  /** Blocks whose tweaks derive from one base; sector sizes are multiples of its 512 bytes. */
  private static final int GROUP = 32;

  private static final int GROUP_BYTES = GROUP * 16;

  /** Per pair of blocks d, d+1 of a group: the shift of each long lane, (d, d, d+1, d+1). */
  private static final long[] SHIFTS = new long[GROUP * 2];

  /**
   * 63 minus {@link #SHIFTS}: the other half shifted right by one and then by this gives the d bits
   * that cross over (none when d is 0, which a single shift by 64 - d would get wrong).
   */
  private static final long[] CROSS_SHIFTS = new long[GROUP * 2];

  /** All ones in the low long of each tweak: where the carry's reduction goes. */
  private static final LongVector LOW_HALVES =
      LongVector.fromArray(LONGS, new long[] {-1, 0, -1, 0}, 0);

  static {
    for (int d = 0; d < GROUP; d++) {
      SHIFTS[2 * d] = d;
      SHIFTS[2 * d + 1] = d;
      CROSS_SHIFTS[2 * d] = 63 - d;
      CROSS_SHIFTS[2 * d + 1] = 63 - d;
    }
  }

  /** True when 256-bit vectors are native here; emulated ones would be far slower than scalar. */
  static boolean usable() {
    return ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  @Override
  public void whiten(
      byte[] buf,
      int pos,
      int n,
      int sectorSize,
      byte[] firstTweaks,
      byte[] tweaks,
      byte[] whitened) {
    if (sectorSize % GROUP_BYTES != 0) {
      throw new IllegalArgumentException("sector size " + sectorSize + " is not a multiple of 512");
    }
    long[] base = new long[8];
    for (int sector = 0, at = 0; at < n; sector++) {
      long lo = Blocks.getLong(firstTweaks, sector * 16);
      long hi = Blocks.getLong(firstTweaks, sector * 16 + 8);
      for (int end = at + sectorSize; at < end; ) {
        base[0] = lo;
        base[1] = hi;
        base[2] = lo;
        base[3] = hi;
        base[4] = hi >>> 1;
        base[5] = lo >>> 1;
        base[6] = hi >>> 1;
        base[7] = lo >>> 1;
        LongVector same = LongVector.fromArray(LONGS, base, 0);
        LongVector otherHalfOver2 = LongVector.fromArray(LONGS, base, 4);
        for (int d = 0; d < GROUP; d += 2) {
          LongVector carry =
              otherHalfOver2.lanewise(LSHR, LongVector.fromArray(LONGS, CROSS_SHIFTS, 2 * d));
          LongVector reduction =
              carry
                  .lanewise(LSHL, 1)
                  .lanewise(XOR, carry.lanewise(LSHL, 2))
                  .lanewise(XOR, carry.lanewise(LSHL, 7))
                  .lanewise(AND, LOW_HALVES);
          ByteVector tweak =
              same.lanewise(LSHL, LongVector.fromArray(LONGS, SHIFTS, 2 * d))
                  .lanewise(XOR, carry)
                  .lanewise(XOR, reduction)
                  .reinterpretAsBytes();
          int block = at + d * 16;
          tweak.intoArray(tweaks, block);
          ByteVector.fromArray(BYTES, buf, pos + block)
              .lanewise(XOR, tweak)
              .intoArray(whitened, block);
        }
        at += GROUP_BYTES;
        long carry = hi >>> (64 - GROUP);
        hi = (hi << GROUP) | (lo >>> (64 - GROUP));
        lo = (lo << GROUP) ^ carry ^ (carry << 1) ^ (carry << 2) ^ (carry << 7);
      }
    }
  }

  @Override
  public void xorInPlace(byte[] buf, int pos, byte[] tweaks, int n) {
    int i = 0;
    for (int last = n - 32; i <= last; i += 32) {
      ByteVector.fromArray(BYTES, buf, pos + i)
          .lanewise(XOR, ByteVector.fromArray(BYTES, tweaks, i))
          .intoArray(buf, pos + i);
    }
    for (; i < n; i += 8) {
      Blocks.putLong(buf, pos + i, Blocks.getLong(buf, pos + i) ^ Blocks.getLong(tweaks, i));
    }
  }

  @Override
  public void unchain(byte[] buf, int pos, byte[] tweaks, byte[] whitened, int n) {
    xorInPlace(buf, pos, tweaks, 16);
    int i = 16;
    // One loop bound computed up front: C2 then drops the per-vector bounds checks.
    for (int last = n - 32; i <= last; i += 32) {
      ByteVector correction =
          ByteVector.fromArray(BYTES, tweaks, i)
              .lanewise(XOR, ByteVector.fromArray(BYTES, whitened, i - 16));
      ByteVector.fromArray(BYTES, buf, pos + i).lanewise(XOR, correction).intoArray(buf, pos + i);
    }
    for (; i < n; i += 8) {
      long x = Blocks.getLong(tweaks, i) ^ Blocks.getLong(whitened, i - 16);
      Blocks.putLong(buf, pos + i, Blocks.getLong(buf, pos + i) ^ x);
    }
  }
}
