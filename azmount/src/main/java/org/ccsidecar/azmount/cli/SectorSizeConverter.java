package org.ccsidecar.azmount.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The sector sizes an image can have: 512 or 4096 bytes. */
final class SectorSizeConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    return switch (value.strip()) {
      case "512" -> 512;
      case "4096" -> 4096;
      default -> throw new TypeConversionException("'" + value + "' is not 512 or 4096");
    };
  }
}
