package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DNS over UDP and TCP; names learnt through CNAME chains. */
class DnsRecogniserTest {
  @ParameterizedTest
  @ValueSource(strings = {"dns-udp-cname", "dns-tcp-port5300"})
  void matchesTheGoldenAttributes(String fixture) {
    Fixture.check(fixture);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dns-udp-cname", "dns-tcp-port5300"})
  void truncatedPayloadsDoNotThrow(String fixture) {
    Fixture.truncationsDoNotThrow(fixture);
  }

  @Test
  void learnsTheAskedNameForTheFinalAddresses() {
    Feeder f = Fixture.check("dns-udp-cname");
    assertEquals(
        java.util.List.of(
            "www.vendor.example=192.0.2.10", "www.vendor.example=20010db800000000:10"),
        f.learnt);
  }
}
