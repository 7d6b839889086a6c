package io.vigie.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a file carried in clear, fed as a stream: the content is never held in memory. A gap
 * in the stream makes the digest meaningless, so it is then not reported.
 *
 * <p>When given a {@link FileSink} other than {@link FileSink#NONE}, the same bytes are also copied
 * there; a gap aborts the copy, a finished digest completes it under that digest. The owner calls
 * {@link #close()} when the flow ends so that a copy never finished is discarded.
 */
final class FileHasher {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final MessageDigest sha;
  private final FileSink sink;
  private FileSink.Writer copy;
  private long size;
  private boolean broken;

  FileHasher() {
    this(FileSink.NONE);
  }

  FileHasher(FileSink sink) {
    this.sink = sink;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest Javadoc).
      throw new IllegalStateException(e);
    }
  }

  void reset() {
    close();
    sha.reset();
    size = 0;
    broken = false;
  }

  void update(byte[] b, int off, int len) {
    if (len > 0) {
      sha.update(b, off, len);
      if (size == 0 && !broken && copy == null) {
        copy = sink.open();
      }
      size += len;
      if (copy != null && !copy.write(b, off, len)) {
        copy = null;
      }
    }
  }

  void gap() {
    broken = true;
    close();
  }

  /** Discards a copy still open (the file was not finished). */
  void close() {
    if (copy != null) {
      FileSink.Writer c = copy;
      copy = null;
      c.abort();
    }
  }

  long size() {
    return size;
  }

  boolean broken() {
    return broken;
  }

  /**
   * Writes the digest and size into the attributes, unless bytes were lost.
   *
   * @return false when the digest could not be reported
   */
  boolean finishInto(SessionAttrs attrs, boolean upload) {
    byte[] d = sha.digest();
    if (broken) {
      close();
      return false;
    }
    char[] hex = new char[d.length * 2];
    for (int i = 0; i < d.length; i++) {
      hex[2 * i] = HEX[(d[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX[d[i] & 0xF];
    }
    attrs.fileSha256 = new String(hex);
    if (copy != null) {
      FileSink.Writer c = copy;
      copy = null;
      c.finish(attrs.fileSha256);
    }
    attrs.fileSize = size;
    attrs.fileUpload = upload;
    return true;
  }
}
