package org.ccsidecar.azmount.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {
  private final ByteSizeConverter converter = new ByteSizeConverter();

  @Test
  void parsesAutoPlainNumbersAndBinarySuffixes() {
    assertEquals(OptionalLong.empty(), converter.convert("auto"));
    assertEquals(OptionalLong.of(4096), converter.convert("4096"));
    assertEquals(OptionalLong.of(512L << 20), converter.convert("512M"));
    assertEquals(OptionalLong.of(2L << 30), converter.convert("2GiB"));
    assertEquals(OptionalLong.of(1L << 40), converter.convert("1t"));
  }

  @Test
  void refusesNonsenseZeroNegativeAndOverflow() {
    for (String bad : new String[] {"", "M", "-1", "0", "1.5G", "12X", "99999999999T"}) {
      assertThrows(TypeConversionException.class, () -> converter.convert(bad), bad);
    }
  }
}
