package io.vigie.protocol;

/**
 * Hashes the file of a TFTP transfer: DATA blocks (RFC 1350 section 5) taken in block-number order,
 * duplicates (retransmissions) skipped; a missing block makes the hash unreportable. Block numbers
 * wrap after 65535 (RFC 2348 transfers may exceed 32 MB). The transfer is complete only once a
 * block shorter than the first one arrives (the negotiated block size is the first block's length);
 * a capture that stops before that reports no digest, since it would not be the file's.
 */
final class TftpTransferTracker implements Tracker {
  private final FileHasher hasher;
  private int next = 1;
  private boolean any;
  private boolean dataFromOrig;
  private int blocks;
  private int firstLen;
  private int lastLen;

  TftpTransferTracker(FileSink sink) {
    this.hasher = new FileHasher(sink);
  }

  @Override
  public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
    if (len < 4 || b[off] != 0 || b[off + 1] != TftpRecogniser.DATA) {
      return true;
    }
    int block = Bytes.u16(b, off + 2);
    if (block == next) {
      if (!any) {
        any = true;
        dataFromOrig = fromOrig;
      }
      hasher.update(b, off + 4, len - 4);
      next = (next + 1) & 0xFFFF;
      if (blocks++ == 0) {
        firstLen = len - 4;
      }
      lastLen = len - 4;
    } else if (any && block != ((next - 1) & 0xFFFF)) {
      hasher.gap(); // a block is missing: the digest would not be the file's
    }
    return true;
  }

  @Override
  public void onEnd(FlowContext flow, long ts) {
    boolean complete = blocks == 1 ? firstLen < 512 : lastLen < firstLen;
    if (any && complete) {
      SessionAttrs a = flow.attrs();
      boolean upload = a.tftpOp != null ? a.tftpOp.equals("write") : dataFromOrig;
      hasher.finishInto(a, upload);
    }
    hasher.close();
  }

  @Override
  public void discard() {
    hasher.close();
  }
}
