package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Dahua's DHIP framing (TCP 37777 by default, and UDP 37810 for discovery), on any port: a 32-byte
 * header whose first four bytes are {@code 20 00 00 00} and next four the ASCII {@code DHIP}, then
 * session id, request id and body length (little-endian), then a JSON body naming a {@code
 * "method"} ({@code global.login}, {@code magicBox.getSoftwareVersion}, {@code
 * configManager.setConfig}, {@code upgrader.*}...). From the public descriptions of the protocol;
 * no free implementation exists to capture.
 */
final class DahuaRecogniser implements Recogniser {
  static final int HEADER = 32;

  @Override
  public App app() {
    return App.DAHUA;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    return magic(b, off, len);
  }

  static Verdict magic(byte[] b, int off, int len) {
    int n = Math.min(len, 8);
    for (int i = 0; i < n; i++) {
      int want = i == 0 ? 0x20 : i < 4 ? 0 : "DHIP".charAt(i - 4);
      if ((b[off + i] & 0xFF) != want) {
        return Verdict.NO;
      }
    }
    return len >= 8 ? Verdict.MATCH : Verdict.MAYBE;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new DahuaTracker(flow.ipProto() == 17);
  }
}
