package io.vigie.protocol;

/**
 * Reads a simple element's text out of an XML body without parsing it (MANSCDP, SADP, ISUP, UPnP
 * SOAP): the bodies are small, often in GB2312, and nothing but a few known tags is wanted.
 */
final class XmlText {
  private static final int MAX_TEXT = 128;

  private XmlText() {}

  /**
   * The text of the first {@code <name>text</name>} (or {@code <ns:name>}) in {@code [off,
   * off+len)}, trimmed, or null when absent or longer than 128 bytes.
   */
  static String element(byte[] b, int off, int len, String name) {
    int end = off + len;
    int from = off;
    while (from < end) {
      int lt = Bytes.indexOf(b, from, end, '<');
      if (lt < 0 || lt + 1 >= end) {
        return null;
      }
      int gt = Bytes.indexOf(b, lt + 1, Math.min(end, lt + 1 + 96), '>');
      if (gt < 0) {
        from = lt + 1;
        continue;
      }
      int nameStart = lt + 1;
      int colon = Bytes.indexOf(b, nameStart, gt, ':');
      if (colon >= 0) {
        nameStart = colon + 1;
      }
      int nameEnd = gt;
      int sp = Bytes.indexOf(b, nameStart, gt, ' ');
      if (sp >= 0) {
        nameEnd = sp;
      }
      if (nameEnd - nameStart == name.length()
          && Bytes.matchAscii(b, nameStart, name.length(), name, true) == 1
          && b[lt + 1] != '/') {
        int s = gt + 1;
        int close = Bytes.indexOf(b, s, end, '<');
        if (close < 0 || close - s > MAX_TEXT) {
          return null;
        }
        return Bytes.trimmed(b, s, close);
      }
      from = gt + 1;
    }
    return null;
  }
}
