package org.ccsidecar.azmount.luks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API passes give the same bytes as the scalar ones, whose tweaks follow IEEE 1619's
 * doubling. (The cipher as a whole is checked against cryptsetup by {@link CryptsetupMatrixTest}.)
 */
class XtsPassesTest {
  private final Random random = new Random(1619);

  @Test
  void testsRunWithTheVectorModuleSoTheyCheckTheVectorPath() {
    assertInstanceOf(VectorXtsPasses.class, XtsPasses.fastest());
  }

  @ParameterizedTest
  @ValueSource(ints = {512, 1024, 2048, 4096})
  void vectorAndScalarPassesAgree(int sectorSize) {
    int sectors = 7;
    int n = sectors * sectorSize;
    int pos = 48;
    byte[] buf = bytes(pos + n + 5);
    byte[] firstTweaks = bytes(sectors * 16);
    // Top bits set in some first tweaks exercise the reduction.
    firstTweaks[15] |= (byte) 0x80;
    firstTweaks[31] = (byte) 0xff;

    Result scalar = run(new ScalarXtsPasses(), buf, pos, n, sectorSize, firstTweaks);
    Result vector = run(new VectorXtsPasses(), buf, pos, n, sectorSize, firstTweaks);

    assertArrayEquals(scalar.tweaks, vector.tweaks);
    assertArrayEquals(scalar.whitened, vector.whitened);
    assertArrayEquals(scalar.unchained, vector.unchained);
    assertArrayEquals(scalar.xored, vector.xored);
  }

  @Test
  void scalarTweaksDoubleInGf128() {
    byte[] firstTweaks = bytes(16);
    firstTweaks[15] |= (byte) 0x80;
    byte[] tweaks = new byte[512];
    new ScalarXtsPasses().whiten(new byte[512], 0, 512, 512, firstTweaks, tweaks, new byte[512]);
    BigInteger t = littleEndian(firstTweaks, 0);
    BigInteger modulus = BigInteger.ONE.shiftLeft(128).or(BigInteger.valueOf(0x87));
    for (int block = 0; block < 32; block++) {
      assertEquals(t, littleEndian(tweaks, block * 16), "tweak of block " + block);
      t = t.shiftLeft(1);
      if (t.testBit(128)) {
        t = t.xor(modulus);
      }
    }
  }

  private static BigInteger littleEndian(byte[] b, int off) {
    byte[] big = new byte[17];
    for (int i = 0; i < 16; i++) {
      big[16 - i] = b[off + i];
    }
    return new BigInteger(big);
  }

  private Result run(
      XtsPasses passes, byte[] buf, int pos, int n, int sectorSize, byte[] firstTweaks) {
    Result r = new Result();
    r.tweaks = new byte[n];
    r.whitened = new byte[n];
    passes.whiten(buf, pos, n, sectorSize, firstTweaks, r.tweaks, r.whitened);
    r.unchained = buf.clone();
    passes.unchain(r.unchained, pos, r.tweaks, r.whitened, n);
    r.xored = buf.clone();
    passes.xorInPlace(r.xored, pos, r.tweaks, n);
    return r;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static final class Result {
    byte[] tweaks;
    byte[] whitened;
    byte[] unchained;
    byte[] xored;
  }
}
