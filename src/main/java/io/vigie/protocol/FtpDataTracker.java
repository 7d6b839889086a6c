package io.vigie.protocol;

/**
 * Hashes an ftp-data connection: the bytes of the direction that carries the file, reported when
 * the control connection named a file for it (RETR/STOR), not for a directory listing.
 */
final class FtpDataTracker implements Tracker {
  private final FtpTransfers transfers;
  private final FileSink sink;
  private FtpTransfers.Slot slot;
  private FileHasher hasher;
  private int direction; // 0 none yet, 1 originator sends, 2 responder sends

  /** Finds the flow's slot now if its parent is already set, else when the flow ends. */
  FtpDataTracker(FtpTransfers transfers, FlowContext flow, FileSink sink) {
    this.transfers = transfers;
    this.sink = sink;
    this.slot = transfers.lookup(flow);
  }

  @Override
  public boolean onData(FlowContext flow, boolean fromOrig, byte[] b, int off, int len, long ts) {
    int d = fromOrig ? 1 : 2;
    if (direction == 0) {
      direction = d;
      hasher = new FileHasher(sink);
    }
    if (d == direction) {
      hasher.update(b, off, len);
    }
    return true;
  }

  @Override
  public void onGap(FlowContext flow, boolean fromOrig, long lostBytes) {
    if (hasher != null && (fromOrig ? 1 : 2) == direction) {
      hasher.gap();
    }
  }

  @Override
  public void onEnd(FlowContext flow, long ts) {
    if (slot == null) {
      slot = transfers.lookup(flow);
    }
    SessionAttrs a = flow.attrs();
    if (slot != null) {
      for (String f : slot.attrs.ftpFiles) {
        if (!a.ftpFiles.contains(f)) {
          a.ftpFiles.add(f);
        }
      }
      if (a.ftpUser == null) {
        a.ftpUser = slot.attrs.ftpUser;
      }
    }
    if (hasher == null) {
      return;
    }
    if (slot == null || slot.carriesFile()) {
      // Without a known command, the client is the side that connected in passive mode.
      boolean upload = slot != null && slot.command != null ? slot.upload : direction == 1;
      hasher.finishInto(a, upload);
    }
    hasher.close();
  }

  @Override
  public void discard() {
    if (hasher != null) {
      hasher.close();
    }
  }
}
