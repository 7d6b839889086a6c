package io.vigie.protocol;

import io.vigie.net.App;

/**
 * Hikvision's ISUP/EHome device registration (UDP/TCP 7660 by default, on any port): the device
 * dials out to its platform with an XML {@code <PPVSPMessage>} whose {@code <Command>} is {@code
 * REGISTER}, and keeps the registration alive. ISUP 5.0 can encrypt the exchange; that form is not
 * recognised. From the public descriptions of the protocol; no free implementation exists to
 * capture.
 */
final class IsupRecogniser implements Recogniser {
  @Override
  public App app() {
    return App.ISUP;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && (b[i] == ' ' || b[i] == '\r' || b[i] == '\n' || b[i] == '\t')) {
      i++;
    }
    if (i == end) {
      return Verdict.MAYBE;
    }
    if (b[i] != '<') {
      return Verdict.NO;
    }
    if (Bytes.indexOfIgnoreCase(b, i, end, "<PPVSPMessage>") >= 0) {
      return Verdict.MATCH;
    }
    return len < 512 && flow.ipProto() == 6 ? Verdict.MAYBE : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new Tracker() {
      @Override
      public boolean onData(FlowContext f, boolean fromOrig, byte[] b, int off, int len, long ts) {
        SessionAttrs a = f.attrs();
        if (a.isupDeviceId == null) {
          a.isupDeviceId = XmlText.element(b, off, len, "DeviceID");
        }
        return a.isupDeviceId == null && f.origPkts() + f.respPkts() < 64;
      }
    };
  }
}
