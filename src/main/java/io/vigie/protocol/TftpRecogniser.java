package io.vigie.protocol;

import io.vigie.net.App;

/**
 * TFTP (RFC 1350): a read or write request {@code opcode(1|2) filename 0 mode 0 [option 0 value
 * 0]...} with mode netascii, octet or mail, whatever the port. The server answers from a new port,
 * so the request announces the transfer flow. A transfer seen without its request (DATA block 1
 * answered by ACK 1, or ACK 0 then DATA 1) is recognised too.
 */
final class TftpRecogniser implements Recogniser {
  static final int RRQ = 1;
  static final int WRQ = 2;
  static final int DATA = 3;
  static final int ACK = 4;
  private static final int MAX_DATA = 65464 + 4;
  private static final long EXPECT_NANOS = 30_000_000_000L;

  private final Expectations expectations;
  private final FileSink files;

  TftpRecogniser(Expectations expectations, FileSink files) {
    this.expectations = expectations;
    this.files = files;
  }

  @Override
  public App app() {
    return App.TFTP;
  }

  /** Remembers the first transfer packet of a flow seen without its request. */
  private static final class Seen {
    boolean fromOrig;
    int opcode;

    /** A copy of DATA block 1 when it came first, so that the file is hashed from its start. */
    byte[] data;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    if (len < 4 || b[off] != 0) {
      return Verdict.NO;
    }
    int op = b[off + 1];
    if (op == RRQ || op == WRQ) {
      return request(b, off, len) != null ? Verdict.MATCH : Verdict.NO;
    }
    boolean data1 = op == DATA && Bytes.u16(b, off + 2) == 1 && len <= MAX_DATA;
    boolean ack = op == ACK && len == 4 && Bytes.u16(b, off + 2) <= 1;
    if (!data1 && !ack) {
      return Verdict.NO;
    }
    Seen seen = (Seen) st.scratch(App.TFTP);
    if (seen == null) {
      seen = new Seen();
      seen.fromOrig = fromOrig;
      seen.opcode = op;
      if (data1) {
        seen.data = java.util.Arrays.copyOfRange(b, off, off + len);
      }
      st.scratch(App.TFTP, seen);
      return Verdict.MAYBE;
    }
    return seen.fromOrig != fromOrig && seen.opcode != op ? Verdict.MATCH : Verdict.MAYBE;
  }

  /** Parses a request: {filename, mode}, or null when the structure is not a TFTP request. */
  static String[] request(byte[] b, int off, int len) {
    int end = off + len;
    int nameEnd = Bytes.indexOf(b, off + 2, end, 0);
    if (nameEnd <= off + 2 || nameEnd - off - 2 > 255) {
      return null;
    }
    for (int i = off + 2; i < nameEnd; i++) {
      if (!Bytes.isPrintable(b[i] & 0xFF)) {
        return null;
      }
    }
    int modeEnd = Bytes.indexOf(b, nameEnd + 1, end, 0);
    if (modeEnd < 0) {
      return null;
    }
    String mode = Bytes.ascii(b, nameEnd + 1, modeEnd - nameEnd - 1);
    if (!mode.equalsIgnoreCase("octet")
        && !mode.equalsIgnoreCase("netascii")
        && !mode.equalsIgnoreCase("mail")) {
      return null;
    }
    // RFC 2347 options: NUL-terminated printable name/value pairs up to the end.
    int i = modeEnd + 1;
    while (i < end) {
      int z = Bytes.indexOf(b, i, end, 0);
      if (z < 0) {
        return null;
      }
      for (int k = i; k < z; k++) {
        if (!Bytes.isPrintable(b[k] & 0xFF)) {
          return null;
        }
      }
      i = z + 1;
    }
    return new String[] {Bytes.ascii(b, off + 2, nameEnd - off - 2), mode};
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    RequestTracker t = new RequestTracker();
    Object st = flow.inspectorState();
    Seen seen = st instanceof FlowState fs ? (Seen) fs.scratch(App.TFTP) : null;
    if (seen != null && seen.data != null) {
      t.onData(flow, seen.fromOrig, seen.data, 0, seen.data.length, tsNanos);
    }
    return t;
  }

  /** The request flow: names the file and announces the transfer, then is done. */
  private final class RequestTracker implements Tracker {
    private boolean transfer;
    private TftpTransferTracker data;

    @Override
    public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
      if (data != null) {
        return data.onData(flow, fromOrig, b, off, len, ts);
      }
      if (!transfer && len >= 4 && b[off] == 0 && (b[off + 1] == RRQ || b[off + 1] == WRQ)) {
        String[] req = request(b, off, len);
        if (req == null) {
          return false;
        }
        SessionAttrs a = flow.attrs();
        a.tftpOp = b[off + 1] == RRQ ? "read" : "write";
        a.tftpFile = req[0];
        SessionAttrs inherit = new SessionAttrs();
        inherit.tftpOp = a.tftpOp;
        inherit.tftpFile = a.tftpFile;
        // The server answers from a new port (RFC 1350 section 4) towards the client's port.
        long serverHi = fromOrig ? flow.respHi() : flow.origHi();
        long serverLo = fromOrig ? flow.respLo() : flow.origLo();
        long clientHi = fromOrig ? flow.origHi() : flow.respHi();
        long clientLo = fromOrig ? flow.origLo() : flow.respLo();
        int clientPort = fromOrig ? flow.origPort() : flow.respPort();
        expectations.expect(
            new Expectation(
                17,
                flow.ipVersion(),
                serverHi,
                serverLo,
                0,
                clientHi,
                clientLo,
                clientPort,
                App.TFTP,
                flow.communityId(),
                inherit,
                ts + EXPECT_NANOS));
        return false;
      }
      // A transfer recognised without its request: hash it here.
      transfer = true;
      data = new TftpTransferTracker(files);
      return data.onData(flow, fromOrig, b, off, len, ts);
    }

    @Override
    public void onEnd(FlowContext flow, long ts) {
      if (data != null) {
        data.onEnd(flow, ts);
      }
    }

    @Override
    public void discard() {
      if (data != null) {
        data.discard();
      }
    }
  }
}
