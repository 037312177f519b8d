package org.ccsidecar.azmount.cli;

import java.util.Locale;
import java.util.OptionalLong;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code auto}, or a byte count with an optional binary suffix: 1073741824, 1024M, 1G, 1GiB. */
final class ByteSizeConverter implements ITypeConverter<OptionalLong> {
  @Override
  public OptionalLong convert(String value) {
    String text = value.strip().toUpperCase(Locale.ROOT);
    if (text.equals("AUTO")) {
      return OptionalLong.empty();
    }
    String digits = text.replaceFirst("(I?B)$", "");
    int shift = 0;
    if (!digits.isEmpty() && "KMGT".indexOf(digits.charAt(digits.length() - 1)) >= 0) {
      shift = 10 * ("KMGT".indexOf(digits.charAt(digits.length() - 1)) + 1);
      digits = digits.substring(0, digits.length() - 1);
    }
    try {
      long number = Long.parseLong(digits);
      if (number <= 0 || number > (Long.MAX_VALUE >> shift)) {
        throw new TypeConversionException("'" + value + "' is not a positive size in bytes");
      }
      return OptionalLong.of(number << shift);
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is neither 'auto' nor a size such as 1073741824, 512M or 2G");
    }
  }
}
