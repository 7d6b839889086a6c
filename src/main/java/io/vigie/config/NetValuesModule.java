package io.vigie.config;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.vigie.net.Cidr;

/**
 * Reads and writes the network values as the strings people write ({@code 10.20.0.0/16}): the
 * values live in {@code net}, which knows no Jackson, so every mapper that meets them registers
 * this module.
 */
public final class NetValuesModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  public NetValuesModule() {
    super("vigie-net-values");
    addDeserializer(
        Cidr.class,
        new FromStringDeserializer<>(Cidr.class) {
          private static final long serialVersionUID = 1L;

          @Override
          protected Cidr _deserialize(String value, DeserializationContext ctxt) {
            return Cidr.parse(value);
          }
        });
    addSerializer(Cidr.class, ToStringSerializer.instance);
  }
}
