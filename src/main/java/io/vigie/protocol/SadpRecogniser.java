package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Hikvision's SADP discovery (UDP 37020 by default, on any port): a bare XML {@code <Probe>} with
 * {@code <Types>inquiry</Types>}, or a device's {@code <ProbeMatch>} answer, with no SOAP envelope
 * (which would make it ONVIF's WS-Discovery). From the public descriptions of the protocol; no free
 * implementation exists to capture.
 */
final class SadpRecogniser implements Recogniser {
  @Override
  public App app() {
    return App.SADP;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && (b[i] == ' ' || b[i] == '\r' || b[i] == '\n' || b[i] == '\t')) {
      i++;
    }
    if (i == end || b[i] != '<') {
      return Verdict.NO;
    }
    boolean probe =
        Bytes.indexOfIgnoreCase(b, i, end, "<Probe>") >= 0
            || Bytes.indexOfIgnoreCase(b, i, end, "<ProbeMatch>") >= 0;
    boolean sadp =
        Bytes.indexOfIgnoreCase(b, i, end, "<Types>") >= 0
            || Bytes.indexOfIgnoreCase(b, i, end, "<DeviceSN>") >= 0
            || Bytes.indexOfIgnoreCase(b, i, end, "<DeviceType>") >= 0;
    boolean soap = Bytes.indexOfIgnoreCase(b, i, end, "Envelope") >= 0;
    return probe && sadp && !soap ? Verdict.MATCH : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return null;
  }
}
