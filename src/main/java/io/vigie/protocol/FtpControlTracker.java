package io.vigie.protocol;

import io.vigie.net.App;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Follows an FTP control connection: the user name (never the password), the files named by
 * RETR/STOR/APPE, and the data connections announced by PASV (227), EPSV (229), PORT and EPRT (RFC
 * 959, RFC 2428), each announced as an {@link Expectation} of an ftp-data flow.
 */
final class FtpControlTracker implements Tracker {
  private static final long EXPECT_NANOS = 120_000_000_000L;
  private static final int MAX_FILES = 32;

  private final Expectations expectations;
  private final FtpTransfers transfers;
  private final LineBuffer clientLines = new LineBuffer(1024, this::clientLine);
  private final LineBuffer serverLines = new LineBuffer(1024, this::serverLine);
  private FlowContext flow;
  private long now;
  private FtpTransfers.Slot slot;

  FtpControlTracker(Expectations expectations, FtpTransfers transfers) {
    this.expectations = expectations;
    this.transfers = transfers;
  }

  @Override
  public boolean onData(FlowContext f, boolean fromOrig, byte[] b, int off, int len, long ts) {
    flow = f;
    now = ts;
    (fromOrig ? clientLines : serverLines).feed(b, off, len);
    return true;
  }

  @Override
  public void onEnd(FlowContext f, long ts) {
    transfers.closeControl(f.communityId());
  }

  private void clientLine(byte[] b, int off, int len) {
    int sp = Bytes.indexOf(b, off, off + len, ' ');
    int cmdEnd = sp < 0 ? off + len : sp;
    if (cmdEnd - off > 4 || cmdEnd == off) {
      return;
    }
    String cmd = FtpRecogniser.upper(Bytes.ascii(b, off, cmdEnd - off));
    String arg = sp < 0 ? null : Bytes.trimmed(b, sp + 1, off + len);
    SessionAttrs a = flow.attrs();
    switch (cmd) {
      case "USER":
        if (arg != null) {
          a.ftpUser = arg;
        }
        break;
      case "PASS":
        // A credential: never stored. That one crossed in clear is evidence, unless anonymous.
        if (a.ftpUser != null
            && !"anonymous".equalsIgnoreCase(a.ftpUser)
            && !"ftp".equalsIgnoreCase(a.ftpUser)) {
          a.clearLoginProtocol = "ftp";
          a.loginUser = a.ftpUser;
          a.clearPassword = true;
        }
        break;
      case "RETR":
      case "STOR":
      case "APPE":
      case "STOU":
        if (arg != null && a.ftpFiles.size() < MAX_FILES && !a.ftpFiles.contains(arg)) {
          a.ftpFiles.add(arg);
        }
        useSlot(cmd, arg);
        break;
      case "LIST":
      case "NLST":
      case "MLSD":
        useSlot(cmd, null);
        break;
      case "PORT":
        if (arg != null) {
          port(arg);
        }
        break;
      case "EPRT":
        if (arg != null) {
          eprt(arg);
        }
        break;
      default:
        break;
    }
  }

  private void useSlot(String cmd, String file) {
    if (slot == null) {
      return;
    }
    slot.command = cmd;
    slot.upload = !cmd.equals("RETR") && file != null;
    if (file != null) {
      slot.attrs.ftpFiles.add(file);
    }
    slot = null;
  }

  private void serverLine(byte[] b, int off, int len) {
    if (Bytes.startsWith(b, off, len, "227")) {
      int[] n = lastNumbers(b, off + 3, off + len, 6);
      if (n != null) {
        announce(false, n[4] * 256 + n[5], 0, 0, false);
      }
    } else if (Bytes.startsWith(b, off, len, "229")) {
      // 229 Entering Extended Passive Mode (|||port|)
      int open = Bytes.indexOf(b, off, off + len, '(');
      int[] n = open < 0 ? null : lastNumbers(b, open, off + len, 1);
      if (n != null) {
        announce(false, n[0], 0, 0, false);
      }
    }
  }

  private void port(String arg) {
    String[] p = arg.split(",");
    if (p.length != 6) {
      return;
    }
    try {
      long addr = 0;
      for (int i = 0; i < 4; i++) {
        addr = (addr << 8) | (Integer.parseInt(p[i].trim()) & 0xFF);
      }
      int port = Integer.parseInt(p[4].trim()) * 256 + Integer.parseInt(p[5].trim());
      boolean v4 = flow.ipVersion() == 4;
      announce(true, port, v4 ? 0 : flow.origHi(), v4 ? addr : flow.origLo(), true);
    } catch (NumberFormatException e) {
      // A malformed PORT: no data connection to expect.
    }
  }

  /** EPRT |af|address|port| (RFC 2428 section 2). */
  private void eprt(String arg) {
    if (arg.length() < 7) {
      return;
    }
    String[] p = arg.split(java.util.regex.Pattern.quote(arg.substring(0, 1)), -1);
    if (p.length < 4) {
      return;
    }
    try {
      int port = Integer.parseInt(p[3].trim());
      String host = p[2].trim();
      if (!host.matches("[0-9a-fA-F:.]{2,45}")) {
        return;
      }
      byte[] raw = InetAddress.getByName(host).getAddress(); // a literal: no name lookup
      long hi = 0;
      long lo = 0;
      if (raw.length == 4) {
        lo = Bytes.u32(raw, 0);
      } else {
        hi = Bytes.u64(raw, 0);
        lo = Bytes.u64(raw, 8);
      }
      announce(true, port, hi, lo, true);
    } catch (NumberFormatException | UnknownHostException e) {
      // A malformed EPRT: no data connection to expect.
    }
  }

  /**
   * Announces a data connection to {@code port}. Passive: on the server, from the client's address.
   * Active: on the client address given, from the server.
   */
  private void announce(boolean active, int port, long hi, long lo, boolean addrGiven) {
    if (port <= 0 || port > 65535) {
      return;
    }
    FlowContext f = flow;
    long hostHi = active ? hi : f.respHi();
    long hostLo = active ? lo : f.respLo();
    long peerHi = active ? f.respHi() : f.origHi();
    long peerLo = active ? f.respLo() : f.origLo();
    slot = transfers.open(f.communityId(), port, f.attrs().ftpUser);
    expectations.expect(
        new Expectation(
            6,
            f.ipVersion(),
            hostHi,
            hostLo,
            port,
            peerHi,
            peerLo,
            0,
            App.FTP_DATA,
            f.communityId(),
            slot.attrs,
            now + EXPECT_NANOS));
  }

  /** The last {@code count} decimal numbers in {@code [from, end)}, or null. */
  private static int[] lastNumbers(byte[] b, int from, int end, int count) {
    int[] out = new int[count];
    int found = 0;
    int i = end - 1;
    while (i >= from && found < count) {
      while (i >= from && !Bytes.isDigit(b[i])) {
        i--;
      }
      if (i < from) {
        break;
      }
      int v = 0;
      int mul = 1;
      int digits = 0;
      while (i >= from && Bytes.isDigit(b[i]) && digits < 6) {
        v += (b[i] - '0') * mul;
        mul *= 10;
        digits++;
        i--;
      }
      if (v > 65535) {
        return null;
      }
      out[count - 1 - found] = v;
      found++;
    }
    return found == count ? out : null;
  }
}
