package io.vigie.protocol;

import io.vigie.net.App;

/**
 * SSH: the identification string {@code SSH-protoversion-softwareversion} (RFC 4253 section 4.2),
 * which either side may send first; {@code SSH-1.99} is a server speaking both versions.
 */
final class SshRecogniser implements Recogniser {
  @Override
  public App app() {
    return App.SSH;
  }

  @Override
  public Verdict probe(
      FlowContext flow, FlowState st, boolean fromOrig, byte[] b, int off, int len) {
    return banner(b, off, len);
  }

  /** MATCH on {@code SSH-<digits>.<digits>-}, MAYBE on a prefix of it, else NO. */
  static Verdict banner(byte[] b, int off, int len) {
    int m = Bytes.matchAscii(b, off, len, "SSH-", false);
    if (m < 0) {
      return Verdict.NO;
    }
    if (m == 0) {
      return Verdict.MAYBE;
    }
    int i = off + 4;
    int end = off + len;
    int digits = 0;
    while (i < end && Bytes.isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i == end) {
      return Verdict.MAYBE;
    }
    if (digits == 0 || b[i] != '.') {
      return Verdict.NO;
    }
    i++;
    digits = 0;
    while (i < end && Bytes.isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i == end) {
      return Verdict.MAYBE;
    }
    return digits > 0 && b[i] == '-' ? Verdict.MATCH : Verdict.NO;
  }

  @Override
  public Tracker track(FlowContext flow, long tsNanos) {
    return new SshTracker();
  }

  /**
   * Collects both identification lines, then the first binary packet of each direction: the
   * SSH_MSG_KEXINIT sent in clear (RFC 4253 section 7.1), whose algorithm lists give the HASSH
   * fingerprints. Then lets the encrypted stream go.
   */
  static final class SshTracker implements Tracker {
    private static final int MAX_LINES = 16;

    /** KEXINITs are a few hundred bytes to about 2 KB; anything longer is not worth keeping. */
    private static final int MAX_KEXINIT = 16384;

    private final Side client = new Side(true);
    private final Side server = new Side(false);

    @Override
    public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
      (fromOrig ? client : server).feed(flow.attrs(), b, off, len);
      return !client.done || !server.done;
    }

    private static final class Side {
      private final boolean isClient;
      private final BannerLine line = new BannerLine(255);
      private int lines;
      private boolean banner;
      private boolean done;
      private byte[] packet;
      private int have;

      Side(boolean isClient) {
        this.isClient = isClient;
      }

      void feed(SessionAttrs a, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        // RFC 4253 4.2: the server may send other lines before its identification; the client not.
        while (i < end && !banner && !done) {
          int nl = Bytes.indexOf(b, i, end, '\n');
          int stop = nl < 0 ? end : nl + 1;
          if (line.feed(b, i, stop - i)) {
            if (line.startsWith("SSH-")) {
              banner = true;
              if (isClient) {
                a.sshClient = line.text();
              } else {
                a.sshServer = line.text();
              }
            } else if (isClient || ++lines >= MAX_LINES) {
              done = true;
            } else {
              line.reset();
            }
          }
          i = stop;
        }
        if (banner && !done && i < end) {
          kexinit(a, b, i, end - i);
        }
      }

      private void kexinit(SessionAttrs a, byte[] b, int off, int len) {
        if (packet == null) {
          packet = new byte[256];
        }
        int need = have < 4 ? 4 : 4 + (int) Bytes.u32(packet, 0);
        int n = Math.min(len, need - have);
        while (n > 0) {
          if (have + n > packet.length) {
            packet =
                java.util.Arrays.copyOf(
                    packet, Math.min(MAX_KEXINIT + 4, Math.max(have + n, packet.length * 2)));
          }
          System.arraycopy(b, off, packet, have, n);
          have += n;
          off += n;
          len -= n;
          if (have == 4) {
            long plen = Bytes.u32(packet, 0);
            if (plen < 2 || plen > MAX_KEXINIT) {
              finish();
              return;
            }
          }
          need = have < 4 ? 4 : 4 + (int) Bytes.u32(packet, 0);
          if (have >= 4 && have == need) {
            int padding = packet[4] & 0xFF;
            int payload = need - 5 - padding;
            if (payload > 0) {
              String h = Hassh.of(packet, 5, payload, isClient);
              if (isClient) {
                a.hassh = h;
              } else {
                a.hasshServer = h;
              }
            }
            finish();
            return;
          }
          n = Math.min(len, need - have);
        }
      }

      private void finish() {
        done = true;
        packet = null;
      }
    }
  }
}
