package io.vigie.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigie.gate.AppSniffer.Result;
import io.vigie.net.App;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppSnifferTest {
  /** Hex or text (prefixed t:) first bytes, the app, the side, the result. */
  @ParameterizedTest
  @CsvSource({
    "t:SSH-2.0-OpenSSH_9.2p1, SSH, true, MATCH",
    "t:SSH-1.99-Cisco, SSH, false, MATCH",
    "t:SSH-2., SSH, true, MORE",
    "t:SSH-x, SSH, true, NO",
    "t:GET / HTTP/1.1, SSH, true, NO",
    "030000130ee000000000000100080003000000, RDP, true, MATCH",
    "030000130ed000001234000200080000000000, RDP, false, MATCH",
    "030000130ee000000000000100080003000000, RDP, false, NO",
    "0300, RDP, true, MORE",
    "t:SSH-2.0-x, RDP, true, NO",
    "t:RFB 003.008\\n, VNC, false, MATCH",
    "t:RFB 003, VNC, true, MORE",
    "t:RFX 003.008\\n, VNC, true, NO",
    "t:GET /index.html HTTP/1.1, HTTP, true, MATCH",
    "t:CONNECT evil:443 HTTP/1.1, HTTP, true, NO",
    "t:PO, HTTP, true, MORE",
    "t:HTTP/1.1 200 OK, HTTP, false, MATCH",
    "160301020001, TLS, true, MATCH",
    "160303007a02, TLS, false, MATCH",
    "160303007a02, TLS, true, NO",
    "170303, TLS, true, NO",
  })
  void recognisesFirstBytes(String bytes, App app, boolean fromClient, Result expected) {
    byte[] b =
        bytes.startsWith("t:")
            ? bytes.substring(2).replace("\\n", "\n").getBytes(StandardCharsets.US_ASCII)
            : java.util.HexFormat.of().parseHex(bytes);
    int len = Math.min(b.length, AppSniffer.MAX_PREFIX);
    assertEquals(expected, AppSniffer.check(app, fromClient, b, len));
  }
}
