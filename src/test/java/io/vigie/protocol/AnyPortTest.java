package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.net.App;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recognition never looks at ports: each vendor-channel fixture, made on its protocol's usual port
 * or another, gives the same application once moved to the other kind of port.
 */
class AnyPortTest {
  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
    "sip-gb28181-register, 5060, gb28181",
    "sip-tcp-uri-password, 5060, sip",
    "mqtt-connect-port8443, 1883, mqtt",
    "dahua-dhip-login, 41234, dahua",
    "dahua-dvrip-login, 41234, dahua",
    "dahua-p2p-easy4ip, 41234, dahua-p2p",
    "sadp-inquiry, 41234, sadp",
    "isup-register, 41234, isup",
    "ssdp-msearch, 41234, ssdp",
    "ssdp-search-answer-port5000, 1900, ssdp",
    "http-upnp-addportmapping, 80, http",
    "http-isapi-basic, 80, http",
    "ssh-kexinit, 2222, ssh",
  })
  void theSameApplicationOnAnotherPort(String fixture, int port, String app) {
    Fixture fx = Fixture.load(fixture);
    Feeder feeder = new Feeder();
    TestFlow flow =
        fx.tcp
            ? TestFlow.tcp(fx.origPort == port ? 40001 : fx.origPort, port)
            : TestFlow.udp(fx.origPort == port ? 40001 : fx.origPort, port);
    feeder.start(flow);
    for (int i = 0; i < fx.payloads.size(); i++) {
      feeder.feed(flow, fx.fromOrig.get(i), fx.payloads.get(i));
    }
    feeder.end(flow);
    assertEquals(App.fromWireName(app), flow.app(), fixture + " moved to port " + port);
  }
}
