package io.vigie.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads MQTT control packets of both directions: the CONNECT's client id and user name (never its
 * password), and the topic names of PUBLISH and the topic filters of SUBSCRIBE, up to {@link
 * #MAX_TOPICS}. Only the first bytes of each packet are kept; payloads are skipped.
 */
final class MqttTracker implements Tracker {
  static final int MAX_TOPICS = 20;

  /** Enough for a packet's variable header and topic names; payloads are never kept. */
  private static final int HEAD = 1024;

  /** Past this many packets the session has told what it will: leave the fast path. */
  private static final int MAX_PACKETS = 512;

  private final Framer client = new Framer();
  private final Framer server = new Framer();
  private int packets;
  private int level = 4;

  @Override
  public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
    Framer f = fromOrig ? client : server;
    f.feed(flow.attrs(), b, off, len);
    return !(client.dead && server.dead)
        && packets < MAX_PACKETS
        && flow.attrs().mqttTopics.size() < MAX_TOPICS;
  }

  @Override
  public void onGap(FlowContext flow, boolean fromOrig, long lostBytes) {
    (fromOrig ? client : server).dead = true;
  }

  private void packet(SessionAttrs a, int type, byte[] p, int len) {
    packets++;
    if (type == 1) {
      connect(a, p, len);
    } else if (type == 3) {
      // PUBLISH: topic name first (MQTT 3.1.1 3.3.2.1).
      addTopic(a, p, 0, len);
    } else if (type == 8) {
      int i = 2; // packet identifier
      if (level >= 5) {
        i = skipProperties(p, i, len);
      }
      while (i >= 0 && i + 2 <= len && a.mqttTopics.size() < MAX_TOPICS) {
        int n = Bytes.u16(p, i);
        if (i + 2 + n > len) {
          break;
        }
        addTopic(a, p, i, len);
        i += 2 + n + 1; // subscription options
      }
    }
  }

  private void connect(SessionAttrs a, byte[] p, int len) {
    int nameLen = len >= 2 ? Bytes.u16(p, 0) : -1;
    int i = 2 + nameLen;
    if (nameLen < 0 || i + 4 > len) {
      return;
    }
    level = p[i] & 0xFF;
    int flags = p[i + 1] & 0xFF;
    i += 4; // level, flags, keep alive
    if (level >= 5) {
      i = skipProperties(p, i, len);
    }
    String clientId = string(p, i, len);
    if (clientId == null) {
      return;
    }
    a.mqttClientId = clientId;
    i += 2 + Bytes.u16(p, i);
    if ((flags & 0x04) != 0) { // will: [properties], topic, payload
      if (level >= 5) {
        i = skipProperties(p, i, len);
      }
      for (int k = 0; k < 2 && i >= 0 && i + 2 <= len; k++) {
        i += 2 + Bytes.u16(p, i);
      }
    }
    if ((flags & 0x80) != 0 && i >= 0) {
      String user = string(p, i, len);
      if (user != null) {
        a.loginUser = user;
      }
    }
    if ((flags & 0x40) != 0) {
      // A password crossed the wire in this packet; only that fact is kept.
      a.clearPassword = true;
      a.clearLoginProtocol = "mqtt";
    }
  }

  private static int skipProperties(byte[] p, int i, int len) {
    int n = 0;
    int shift = 0;
    for (int k = 0; k < 4; k++) {
      if (i >= len) {
        return -1;
      }
      int c = p[i++] & 0xFF;
      n |= (c & 0x7F) << shift;
      shift += 7;
      if ((c & 0x80) == 0) {
        return i + n;
      }
    }
    return -1;
  }

  private static String string(byte[] p, int i, int len) {
    if (i < 0 || i + 2 > len) {
      return null;
    }
    int n = Bytes.u16(p, i);
    if (i + 2 + n > len || n > 256) {
      return null;
    }
    return new String(p, i + 2, n, StandardCharsets.UTF_8);
  }

  private static void addTopic(SessionAttrs a, byte[] p, int i, int len) {
    String t = string(p, i, len);
    if (t != null
        && !t.isEmpty()
        && a.mqttTopics.size() < MAX_TOPICS
        && !a.mqttTopics.contains(t)) {
      a.mqttTopics.add(t);
    }
  }

  /** Splits one direction into control packets (fixed header, remaining length, body). */
  private final class Framer {
    private final byte[] head = new byte[HEAD];
    private int state; // 0: type byte, 1: length bytes, 2: body
    private int type;
    private long remaining;
    private int shift;
    private int kept;
    private long left;
    boolean dead;

    void feed(SessionAttrs a, byte[] b, int off, int len) {
      int i = off;
      int end = off + len;
      while (i < end && !dead) {
        if (state == 0) {
          int c = b[i++] & 0xFF;
          type = c >>> 4;
          if (type == 0) {
            dead = true; // reserved: not MQTT any more
            return;
          }
          remaining = 0;
          shift = 0;
          state = 1;
        } else if (state == 1) {
          int c = b[i++] & 0xFF;
          remaining |= (long) (c & 0x7F) << shift;
          shift += 7;
          if ((c & 0x80) == 0) {
            left = remaining;
            kept = 0;
            state = 2;
            if (left == 0) {
              packet(a, type, head, 0);
              state = 0;
            }
          } else if (shift > 21) {
            dead = true;
            return;
          }
        } else {
          int take = (int) Math.min(left, end - i);
          int copy = Math.min(take, HEAD - kept);
          System.arraycopy(b, i, head, kept, copy);
          kept += copy;
          i += take;
          left -= take;
          if (left == 0) {
            packet(a, type, head, kept);
            state = 0;
          }
        }
      }
    }
  }
}
