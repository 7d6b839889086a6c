package io.vigie.evidence;

import io.vigie.decode.DecodeCounters;
import io.vigie.decode.DecodedPacket;
import io.vigie.decode.FragmentLimits;
import io.vigie.decode.PacketDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Overwrites the credentials a pcap slice would otherwise keep, byte for byte with {@code '*'}, so
 * that the capture keeps its length, its TCP sequence numbers and its parse: {@code tshark} still
 * shows {@code PASS ********} and {@code Authorization: Basic ************}.
 *
 * <pre>{@code
 * SliceRedactor r = new SliceRedactor(linkType);     // one per slice (one flow)
 * if (r.apply(buf, off, capLen, wireLen)) writer.write(ts, r.out(), 0, capLen, wireLen);
 * else writer.write(ts, buf, off, capLen, wireLen);
 * }</pre>
 *
 * <p>What counts as secret ({@link Rule}): the argument of an FTP {@code PASS} command; the
 * credential of an HTTP or SIP {@code Authorization} / {@code Proxy-Authorization} header (what
 * follows the scheme); on telnet, what the client types after a {@code Password:} prompt up to the
 * end of the line (best effort: IAC sequences are kept, so option negotiation still decodes); the
 * password of an MQTT CONNECT; the value of a JSON {@code "password"} member (Dahua DHIP logins,
 * web logins). A secret that continues into the next segment of the same direction is followed
 * there up to its end of line. Adding a protocol (SIP digest already falls under Authorization) is
 * one more {@link Rule} and a call in {@link #scan}.
 *
 * <p>Checksums: a TCP or UDP checksum that verified before is recomputed over the new bytes; one
 * that did not (checksum offload, a truncated frame) is left as captured. IPv4 header checksums are
 * untouched (no header byte changes).
 *
 * <p>IP fragments ({@link Rule#IP_FRAGMENT}): the data of every fragment (IPv4, or IPv6 with a
 * fragment header; not an atomic one) is overwritten whole, whatever it holds, except the TCP or
 * UDP header at the start of the first one; IP headers are kept, so the slice still shows each
 * fragment, its size, offset and time. Redacting only the secret's bytes would need the datagram
 * reassembled before any of its frames is written, and overlapping fragments are reassembled
 * differently by different readers (first or last copy wins): bytes vigie found harmless could be
 * the ones {@code tshark} shows. A secret split across fragments is the classic way past a filter,
 * so the slice keeps none of their payload. Their transport checksum is left as captured.
 *
 * <p>Packet path: nothing is allocated unless a secret or a fragment is found; the copy buffer then
 * grows once to the largest frame redacted.
 */
final class SliceRedactor {
  /** The kinds of secrets, as named in the slice record's {@code redacted} list. */
  enum Rule {
    FTP_PASS,
    AUTHORIZATION,
    TELNET_PASSWORD,
    MQTT_PASSWORD,
    JSON_PASSWORD,
    IP_FRAGMENT;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static final byte FILLER = '*';
  private static final int MAX_RANGES = 32;
  private static final byte[] PASS = bytes("PASS ");
  private static final byte[] AUTHORIZATION = bytes("authorization:");
  private static final byte[] PROXY_AUTHORIZATION = bytes("proxy-authorization:");
  private static final byte[] PASSWORD_PROMPT = bytes("assword");
  private static final byte[] JSON_PASSWORD = bytes("\"password\"");

  private final int linkType;
  private final PacketDecoder decoder =
      new PacketDecoder(new DecodeCounters(), FragmentLimits.DEFAULTS);
  private final DecodedPacket pkt = new DecodedPacket();
  private final int[] from = new int[MAX_RANGES];
  private final int[] to = new int[MAX_RANGES];
  private final boolean[] seen = new boolean[Rule.values().length];
  private int ranges;
  private byte[] out = new byte[0];
  private long redactedBytes;

  /** Source port of a direction whose secret runs on into its next segment, or -1. */
  private int continuesFrom = -1;

  /** A telnet server asked for a password; the client's next line is one. */
  private boolean telnetPrompted;

  SliceRedactor(int linkType) {
    this.linkType = linkType;
  }

  /**
   * Looks for secrets in one frame.
   *
   * @return true when the frame had secrets: the frame to keep is then {@link #out()} from offset
   *     0, the caller's buffer being left as it was
   */
  boolean apply(byte[] buf, int off, int capLen, int wireLen) {
    boolean decoded = decoder.decode(linkType, 0, buf, off, capLen, wireLen, pkt);
    if (pkt.fragmentDataOff >= 0 && pkt.fragmentDataLen > 0) {
      return blankFragment(buf, off, capLen);
    }
    if (!decoded || pkt.transportOff < 0 || (!pkt.isTcp() && !pkt.isUdp()) || pkt.payloadLen == 0) {
      return false;
    }
    ranges = 0;
    scan(buf, pkt.payloadOff, pkt.payloadOff + pkt.payloadLen);
    if (ranges == 0) {
      return false;
    }
    if (out.length < capLen) {
      out = new byte[Math.max(capLen, 2048)];
    }
    System.arraycopy(buf, off, out, 0, capLen);
    boolean checksumWasGood = capLen == wireLen && checksumOk(buf, off);
    for (int i = 0; i < ranges; i++) {
      for (int p = from[i]; p < to[i]; p++) {
        out[p - off] = FILLER;
      }
      redactedBytes += to[i] - from[i];
    }
    if (checksumWasGood) {
      fixChecksum(off);
    }
    return true;
  }

  /** Overwrites a fragment's data, but for the transport header of a first fragment. */
  private boolean blankFragment(byte[] buf, int off, int capLen) {
    int start = pkt.fragmentDataOff;
    int end = Math.min(start + pkt.fragmentDataLen, off + capLen);
    if (pkt.fragmentOffset == 0) {
      int keep = 0;
      if (pkt.ipProto == DecodedPacket.PROTO_UDP) {
        keep = 8;
      } else if (pkt.ipProto == DecodedPacket.PROTO_TCP && start + 12 < end) {
        keep = ((buf[start + 12] >> 4) & 0x0f) * 4;
      }
      start += keep;
    }
    if (start >= end) {
      return false;
    }
    if (out.length < capLen) {
      out = new byte[Math.max(capLen, 2048)];
    }
    System.arraycopy(buf, off, out, 0, capLen);
    for (int p = start; p < end; p++) {
      out[p - off] = FILLER;
    }
    redactedBytes += end - start;
    seen[Rule.IP_FRAGMENT.ordinal()] = true;
    return true;
  }

  /** The redacted copy of the last frame {@link #apply} returned true for. */
  byte[] out() {
    return out;
  }

  long redactedBytes() {
    return redactedBytes;
  }

  /** The kinds of secrets overwritten so far, by wire name. */
  List<String> rules() {
    List<String> l = new ArrayList<>();
    for (Rule r : Rule.values()) {
      if (seen[r.ordinal()]) {
        l.add(r.wireName());
      }
    }
    return l;
  }

  private void scan(byte[] b, int start, int end) {
    int line = start;
    if (continuesFrom == pkt.srcPort) {
      continuesFrom = -1;
      line = secretToEol(b, start, end, null) + 1;
    }
    if (pkt.isTcp()
        && pkt.srcPort == 23
        && indexOfIgnoreCase(b, start, end, PASSWORD_PROMPT) >= 0) {
      telnetPrompted = true;
    } else if (pkt.isTcp() && pkt.dstPort == 23 && telnetPrompted) {
      telnetLine(b, start, end);
    }
    if (pkt.isTcp() && pkt.dstPort == 1883) {
      mqttConnect(b, start, end);
    }
    // Line-oriented secrets: each line start in the segment (a segment starts a line, in practice).
    while (line < end) {
      // FTP commands come one to a segment: PASS only at a segment's start, so that a line of
      // text starting with "pass " elsewhere (a web page) is kept.
      if (line == start && pkt.isTcp() && startsWithIgnoreCase(b, line, end, PASS)) {
        line = secretToEol(b, line + PASS.length, end, Rule.FTP_PASS);
      } else if (startsWithIgnoreCase(b, line, end, AUTHORIZATION)) {
        line = authorization(b, line + AUTHORIZATION.length, end);
      } else if (startsWithIgnoreCase(b, line, end, PROXY_AUTHORIZATION)) {
        line = authorization(b, line + PROXY_AUTHORIZATION.length, end);
      } else {
        line = indexOf(b, line, end, (byte) '\n');
      }
      line = line < 0 ? end : line + 1;
    }
    jsonPasswords(b, start, end);
  }

  /**
   * {@code Authorization: <scheme> <credential>}: the credential, or the whole value if it has no
   * scheme.
   */
  private int authorization(byte[] b, int p, int end) {
    while (p < end && b[p] == ' ') {
      p++;
    }
    int scheme = p;
    while (p < end && b[p] != ' ' && b[p] != '\r' && b[p] != '\n') {
      p++;
    }
    if (p < end && b[p] == ' ') {
      while (p < end && b[p] == ' ') {
        p++;
      }
      return secretToEol(b, p, end, Rule.AUTHORIZATION);
    }
    return secretToEol(b, scheme, end, Rule.AUTHORIZATION);
  }

  /**
   * Marks {@code [p, end of line)} as secret; when the segment ends first, the secret goes on in
   * the next segment of this direction. Returns the index of the line's end (or {@code end}).
   */
  private int secretToEol(byte[] b, int p, int end, Rule rule) {
    int q = p;
    while (q < end && b[q] != '\r' && b[q] != '\n') {
      q++;
    }
    mark(p, q, rule);
    if (q == end) {
      continuesFrom = pkt.srcPort;
    }
    return q;
  }

  /**
   * What the telnet client types after the prompt, up to the end of its line; IAC commands kept.
   */
  private void telnetLine(byte[] b, int start, int end) {
    int p = start;
    int runStart = -1;
    while (p < end) {
      int c = b[p] & 0xff;
      if (c == '\r' || c == '\n' || c == 0) {
        telnetPrompted = false;
        break;
      }
      if (c == 0xff) { // IAC: a command (2 bytes) or an option (3), not typed text
        if (runStart >= 0) {
          mark(runStart, p, Rule.TELNET_PASSWORD);
          runStart = -1;
        }
        p += p + 1 < end && (b[p + 1] & 0xff) >= 0xfb && (b[p + 1] & 0xff) <= 0xfe ? 3 : 2;
        continue;
      }
      if (runStart < 0) {
        runStart = p;
      }
      p++;
    }
    if (runStart >= 0) {
      mark(runStart, Math.min(p, end), Rule.TELNET_PASSWORD);
    }
  }

  /**
   * MQTT 3.1/3.1.1/5 CONNECT (OASIS MQTT 3.1.1 section 3.1): fixed header 0x10, remaining length,
   * protocol name, level, flags (bit 6: password present), keep-alive, [v5 properties], then client
   * id, will topic and message (flag bit 2), user name (bit 7), password (bit 6), each
   * length-prefixed. Only a CONNECT whole in one segment is handled.
   */
  private void mqttConnect(byte[] b, int start, int end) {
    if ((b[start] & 0xff) != 0x10) {
      return;
    }
    int p = start + 1;
    for (int i = 0; i < 4 && p < end && (b[p++] & 0x80) != 0; i++) {
      // remaining length: a varint, skipped; the fields below are bounded by the segment
    }
    int nameLen = u16(b, p, end);
    if (nameLen < 0) {
      return;
    }
    p += 2 + nameLen;
    if (p + 4 > end) {
      return;
    }
    int level = b[p] & 0xff;
    int flags = b[p + 1] & 0xff;
    p += 4;
    if (level == 5) {
      int[] len = varint(b, p, end);
      if (len == null) {
        return;
      }
      p = len[1] + len[0];
    }
    p = skipField(b, p, end); // client id
    if ((flags & 0x04) != 0) {
      if (level == 5) {
        int[] len = varint(b, p, end);
        if (len == null) {
          return;
        }
        p = len[1] + len[0];
      }
      p = skipField(b, skipField(b, p, end), end); // will topic, will payload
    }
    if ((flags & 0x80) != 0) {
      p = skipField(b, p, end); // user name
    }
    if ((flags & 0x40) != 0 && p >= 0) {
      int n = u16(b, p, end);
      if (n >= 0) {
        mark(p + 2, Math.min(end, p + 2 + n), Rule.MQTT_PASSWORD);
      }
    }
  }

  /** {@code "password" : "<value>"}: the value, up to its closing quote. */
  private void jsonPasswords(byte[] b, int start, int end) {
    int p = start;
    while ((p = indexOfIgnoreCase(b, p, end, JSON_PASSWORD)) >= 0) {
      p += JSON_PASSWORD.length;
      while (p < end && (b[p] == ' ' || b[p] == ':' || b[p] == '\t')) {
        p++;
      }
      if (p >= end || b[p] != '"') {
        continue;
      }
      int q = ++p;
      while (q < end && b[q] != '"') {
        q += b[q] == '\\' ? 2 : 1;
      }
      mark(p, Math.min(q, end), Rule.JSON_PASSWORD);
    }
  }

  private void mark(int p, int q, Rule rule) {
    if (q <= p) {
      return;
    }
    if (rule != null) { // null: a continuation, whose rule was counted where it began
      seen[rule.ordinal()] = true;
    }
    if (ranges == MAX_RANGES) {
      // More secrets than ranges in one frame: the last range takes the rest of the payload.
      to[ranges - 1] = pkt.payloadOff + pkt.payloadLen;
      return;
    }
    from[ranges] = p;
    to[ranges] = q;
    ranges++;
  }

  private boolean checksumOk(byte[] b, int off) {
    int field = checksumField();
    if (pkt.isUdp() && u16(b, field, field + 2) == 0) {
      return false; // IPv4 UDP without a checksum: nothing to keep right
    }
    return sum(b, 0) == 0xffff;
  }

  private void fixChecksum(int off) {
    int field = checksumField() - off;
    out[field] = 0;
    out[field + 1] = 0;
    int c = ~sum(out, off) & 0xffff;
    if (pkt.isUdp() && c == 0) {
      c = 0xffff; // RFC 768: a computed zero is sent as all ones
    }
    out[field] = (byte) (c >>> 8);
    out[field + 1] = (byte) c;
  }

  private int checksumField() {
    return pkt.transportOff + (pkt.isTcp() ? 16 : 6);
  }

  /**
   * The one's-complement sum of the pseudo-header and the transport segment, with the segment read
   * from {@code b} where the frame starts at {@code frameOff} of the original ({@code shift} is
   * {@code off} when {@code b} is the copy, 0 otherwise).
   */
  private int sum(byte[] b, int shift) {
    int start = pkt.transportOff - shift;
    int len = pkt.payloadOff + pkt.payloadLen - pkt.transportOff;
    long s = pkt.ipProto + len;
    if (pkt.ipVersion == 4) {
      s +=
          (pkt.srcLo >>> 16 & 0xffff)
              + (pkt.srcLo & 0xffff)
              + (pkt.dstLo >>> 16 & 0xffff)
              + (pkt.dstLo & 0xffff);
    } else {
      s += words(pkt.srcHi) + words(pkt.srcLo) + words(pkt.dstHi) + words(pkt.dstLo);
    }
    int i = start;
    for (; i + 1 < start + len; i += 2) {
      s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (i < start + len) {
      s += (b[i] & 0xff) << 8;
    }
    while ((s >>> 16) != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) s;
  }

  private static long words(long v) {
    return (v >>> 48 & 0xffff) + (v >>> 32 & 0xffff) + (v >>> 16 & 0xffff) + (v & 0xffff);
  }

  private static int skipField(byte[] b, int p, int end) {
    if (p < 0) {
      return -1;
    }
    int n = u16(b, p, end);
    return n < 0 ? -1 : p + 2 + n;
  }

  private static int u16(byte[] b, int p, int end) {
    return p < 0 || p + 2 > end ? -1 : ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
  }

  /** {length, index after the varint}, or null when it runs past the segment. */
  private static int[] varint(byte[] b, int p, int end) {
    int v = 0;
    for (int shift = 0; shift < 28 && p < end; shift += 7) {
      int c = b[p++] & 0xff;
      v |= (c & 0x7f) << shift;
      if ((c & 0x80) == 0) {
        return new int[] {v, p};
      }
    }
    return null;
  }

  private static boolean startsWithIgnoreCase(byte[] b, int p, int end, byte[] lower) {
    if (end - p < lower.length) {
      return false;
    }
    for (int i = 0; i < lower.length; i++) {
      if (Character.toLowerCase(b[p + i]) != Character.toLowerCase(lower[i])) {
        return false;
      }
    }
    return true;
  }

  private static int indexOfIgnoreCase(byte[] b, int p, int end, byte[] lower) {
    for (int i = p; i + lower.length <= end; i++) {
      if (startsWithIgnoreCase(b, i, end, lower)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, int p, int end, byte c) {
    for (int i = p; i < end; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
