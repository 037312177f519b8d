package org.ccsidecar.skr.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.ccsidecar.skr.maa.WrappingKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyUnwrapperTest {
  private static final WrappingKey WRAPPING_KEY = WrappingKey.generate();

  @ParameterizedTest
  @ValueSource(strings = {"CKM_RSA_AES_KEY_WRAP", "RSA_AES_KEY_WRAP_256", "RSA_AES_KEY_WRAP_384"})
  void unwrapsAllKeyVaultAlgorithms(String algorithm) throws Exception {
    for (int size : new int[] {32, 7, 1217}) {
      byte[] material = random(size);
      byte[] wrapped = IndependentWrap.wrap(algorithm, material, WRAPPING_KEY.publicKey());
      assertArrayEquals(
          material, KeyUnwrapper.unwrap(algorithm, wrapped, WRAPPING_KEY.privateKey()));
    }
  }

  @Test
  void wrongHashIsDetected() throws Exception {
    byte[] wrapped =
        IndependentWrap.wrap("RSA_AES_KEY_WRAP_256", random(32), WRAPPING_KEY.publicKey());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KeyUnwrapper.unwrap("RSA_AES_KEY_WRAP_384", wrapped, WRAPPING_KEY.privateKey()));
    assertTrue(e.getMessage().contains("RSA-OAEP"), e.getMessage());
  }

  @Test
  void tamperedWrappedKeyIsDetected() throws Exception {
    byte[] wrapped =
        IndependentWrap.wrap("RSA_AES_KEY_WRAP_256", random(32), WRAPPING_KEY.publicKey());
    wrapped[wrapped.length - 1] ^= 1;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KeyUnwrapper.unwrap("RSA_AES_KEY_WRAP_256", wrapped, WRAPPING_KEY.privateKey()));
    assertTrue(e.getMessage().contains("AES key wrap"), e.getMessage());
  }

  @Test
  void unknownAlgorithmAndShortInputAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> KeyUnwrapper.unwrap("A256KW", new byte[300], WRAPPING_KEY.privateKey()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            KeyUnwrapper.unwrap("RSA_AES_KEY_WRAP_256", new byte[256], WRAPPING_KEY.privateKey()));
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
