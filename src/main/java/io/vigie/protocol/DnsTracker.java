package io.vigie.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the question and answers of each DNS message: the first question name is the session's
 * {@code dnsQuery}; A and AAAA answers teach the {@link NameObserver} the name that was asked,
 * following CNAME chains so that the final addresses are learnt under the original name.
 */
final class DnsTracker implements Tracker {
  private static final int MAX_MESSAGES = 64;
  private static final int MAX_TCP_MESSAGE = 16384;
  private static final int MAX_CHAIN = 8;

  private final NameObserver names;
  private final boolean tcp;
  private final StringBuilder name = new StringBuilder(64);
  private final StringBuilder question = new StringBuilder(64);
  private final List<String> chain = new ArrayList<>(2);
  private int messages;
  private FramedStream origFramer;
  private FramedStream respFramer;

  DnsTracker(NameObserver names, boolean tcp) {
    this.names = names;
    this.tcp = tcp;
  }

  @Override
  public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
    if (!tcp) {
      message(flow, b, off, len, ts);
    } else {
      FramedStream f = framer(fromOrig);
      f.feed(b, off, len);
      while (f.next()) {
        message(flow, f.frame(), 0, f.frameLen(), ts);
      }
    }
    return messages < MAX_MESSAGES;
  }

  private FramedStream framer(boolean fromOrig) {
    if (fromOrig) {
      if (origFramer == null) {
        origFramer = new FramedStream(MAX_TCP_MESSAGE);
      }
      return origFramer;
    }
    if (respFramer == null) {
      respFramer = new FramedStream(MAX_TCP_MESSAGE);
    }
    return respFramer;
  }

  private void message(FlowContext flow, byte[] b, int off, int len, long ts) {
    messages++;
    if (len < DnsMessage.HEADER + 5 || Bytes.u16(b, off + 4) < 1) {
      return;
    }
    int end = off + len;
    int flags = Bytes.u16(b, off + 2);
    int q = off + DnsMessage.HEADER;
    if (!DnsMessage.readName(b, q, off, end, question)) {
      return;
    }
    SessionAttrs a = flow.attrs();
    if (a.dnsQuery == null) {
      a.dnsQuery = question.toString();
    }
    if ((flags & 0x8000) == 0) {
      return;
    }
    int i = DnsMessage.skipName(b, q, off, end);
    if (i < 0 || i + 4 > end) {
      return;
    }
    i += 4;
    int an = Bytes.u16(b, off + 6);
    String asked = null;
    chain.clear();
    for (int r = 0; r < an && r < 64; r++) {
      int ownerAt = i;
      i = DnsMessage.skipName(b, i, off, end);
      if (i < 0 || i + 10 > end) {
        return;
      }
      int type = Bytes.u16(b, i);
      int rdLen = Bytes.u16(b, i + 8);
      int rd = i + 10;
      i = rd + rdLen;
      if (i > end) {
        return;
      }
      if (!DnsMessage.readName(b, ownerAt, off, end, name) || !inChain(name)) {
        continue;
      }
      if (type == DnsMessage.TYPE_CNAME && chain.size() < MAX_CHAIN) {
        StringBuilder target = new StringBuilder(64);
        if (DnsMessage.readName(b, rd, off, end, target)) {
          chain.add(target.toString());
        }
      } else if (type == DnsMessage.TYPE_A && rdLen == 4) {
        asked = asked != null ? asked : asked(a);
        names.learn(4, 0, Bytes.u32(b, rd), asked, ts);
      } else if (type == DnsMessage.TYPE_AAAA && rdLen == 16) {
        asked = asked != null ? asked : asked(a);
        names.learn(6, Bytes.u64(b, rd), Bytes.u64(b, rd + 8), asked, ts);
      }
    }
  }

  /** The question as a string, reusing the session's when it is the same name. */
  private String asked(SessionAttrs a) {
    return a.dnsQuery != null && a.dnsQuery.contentEquals(question)
        ? a.dnsQuery
        : question.toString();
  }

  /** The owner is the question or a CNAME target reached from it. */
  private boolean inChain(StringBuilder owner) {
    if (owner.length() == question.length() && owner.compareTo(question) == 0) {
      return true;
    }
    for (String c : chain) {
      if (c.contentEquals(owner)) {
        return true;
      }
    }
    return false;
  }
}
