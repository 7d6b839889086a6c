package io.vigie.protocol;

/**
 * Where a copy of a file seen in clear goes, as it is hashed: the evidence store keeps firmware
 * images this way when {@code evidence.keep_images} is on.
 *
 * <pre>{@code
 * FileSink.Writer w = sink.open();     // null: no copy wanted (NONE always answers null)
 * if (w != null && !w.write(b, off, len)) w = null;   // false: the writer gave up (cap, disk)
 * w.finish(sha256);                    // or w.abort() when a gap made the copy wrong
 * }</pre>
 *
 * <p>Called on the packet thread: a writer must buffer and never wait long. With {@link #NONE}
 * nothing is allocated and nothing is written.
 */
public interface FileSink {
  /** Keeps nothing. */
  FileSink NONE = () -> null;

  /** Starts a copy, or returns null when none is wanted or possible now. */
  Writer open();

  /** One file being copied. Exactly one of finish or abort ends it, unless write returned false. */
  interface Writer {
    /**
     * @return false when the writer gave up (size cap, I/O error) and has discarded the copy
     */
    boolean write(byte[] b, int off, int len);

    /** The copy is complete and its SHA-256 is this (lower-case hex). */
    void finish(String sha256);

    /** The copy is not the file (bytes lost): discard it. */
    void abort();
  }
}
