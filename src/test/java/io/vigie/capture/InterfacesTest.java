package io.vigie.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Interface listing through vigie's own libpcap binding, checked against the kernel's list. */
class InterfacesTest {
  @Test
  void listsEveryInterfaceTheKernelKnows() throws Exception {
    List<String> pcap = LiveSource.interfaces();
    assertTrue(pcap.contains("lo"), pcap::toString);
    assertEquals(pcap.size(), pcap.stream().distinct().count(), "a name listed twice: " + pcap);
    for (String name : kernelInterfaces()) {
      assertTrue(pcap.contains(name), name + " missing from " + pcap);
    }
  }

  @Test
  void anUnknownInterfaceIsRefusedNamingTheKnownOnes() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "pcap_activate needs root to reach 'no such device'");
    CaptureException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CaptureException.class, () -> LiveSource.open(CaptureOptions.defaults("nosuch9")));
    assertTrue(
        e.getMessage()
            .matches("nosuch9: cannot capture: no such interface \\(known: (.+, )?lo(, .+)?\\)"),
        e.getMessage());
  }

  private static List<String> kernelInterfaces() throws IOException {
    Path sys = Path.of("/sys/class/net");
    assumeTrue(Files.isDirectory(sys), "no /sys/class/net on this system");
    try (Stream<Path> s = Files.list(sys)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
