package io.vigie.protocol;

import io.vigie.net.App;

/**
 * MQTT (OASIS MQTT 3.1.1 and 5.0, and IBM's 3.1) by its CONNECT packet, on any port: fixed header
 * {@code 0x10}, a remaining length of one to four bytes, then the protocol name {@code MQTT} (or
 * {@code MQIsdp}) and a protocol level. Cameras and their clouds use it for telemetry and commands.
 */
final class MqttRecogniser implements Recogniser {
  @Override
  public App app() {
    return App.MQTT;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (!fromOrig) {
      return Verdict.MAYBE; // the client speaks first; a server's bytes say nothing yet
    }
    return connect(b, off, len);
  }

  static Verdict connect(byte[] b, int off, int len) {
    if (len < 1) {
      return Verdict.MAYBE;
    }
    if ((b[off] & 0xFF) != 0x10) {
      return Verdict.NO;
    }
    int i = off + 1;
    int end = off + len;
    int n = 0;
    while (true) {
      if (i >= end) {
        return Verdict.MAYBE;
      }
      int c = b[i++] & 0xFF;
      if ((c & 0x80) == 0) {
        break;
      }
      if (++n == 4) {
        return Verdict.NO;
      }
    }
    int name = Bytes.matchAscii(b, i, end - i, "\u0000\u0004MQTT", false);
    int level = i + 6;
    if (name < 0) {
      name = Bytes.matchAscii(b, i, end - i, "\u0000\u0006MQIsdp", false);
      level = i + 8;
    }
    if (name <= 0) {
      return name < 0 ? Verdict.NO : Verdict.MAYBE;
    }
    if (level >= end) {
      return Verdict.MAYBE;
    }
    int v = b[level] & 0xFF;
    return v >= 3 && v <= 5 ? Verdict.MATCH : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new MqttTracker();
  }
}
