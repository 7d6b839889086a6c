package io.vigie.capture;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a regular file through a sliding mapped window, one window at a time.
 *
 * <p>Why: {@code FileChannel.read} into a heap array copies every byte twice (kernel to a temporary
 * direct buffer, then to the array); from a mapping it is copied once. Only one window is mapped at
 * a time and each is unmapped as soon as the next one is needed, so the file never counts in memory
 * as a whole, however large.
 */
final class MappedReader {
  static final int WINDOW = 16 << 20;

  /** {@code sun.misc.Unsafe.invokeCleaner}, found reflectively: unmapping is not public API. */
  private static final Method CLEANER;

  private static final Object UNSAFE;

  static {
    Method m = null;
    Object u = null;
    try {
      Class<?> c = Class.forName("sun.misc.Unsafe");
      java.lang.reflect.Field f = c.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      u = f.get(null);
      m = c.getMethod("invokeCleaner", ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Without it, windows are unmapped by the garbage collector instead; still correct.
      m = null;
      u = null;
    }
    CLEANER = m;
    UNSAFE = u;
  }

  private final FileChannel channel;
  private final long size;
  private MappedByteBuffer window;
  private long windowStart;
  private long position;

  MappedReader(FileChannel channel) throws IOException {
    this.channel = channel;
    this.size = channel.size();
  }

  /** Like {@code read}: up to {@code len} bytes into {@code dst}, or -1 at the end. */
  int read(byte[] dst, int off, int len) throws IOException {
    if (position >= size) {
      return -1;
    }
    if (window == null || position >= windowStart + window.capacity()) {
      remap();
    }
    int n = (int) Math.min(len, windowStart + window.capacity() - position);
    window.get((int) (position - windowStart), dst, off, n);
    position += n;
    return n;
  }

  void position(long target) {
    position = target;
  }

  long size() {
    return size;
  }

  void close() {
    unmap();
  }

  private void remap() throws IOException {
    unmap();
    windowStart = position;
    window =
        channel.map(
            FileChannel.MapMode.READ_ONLY, windowStart, Math.min(WINDOW, size - windowStart));
  }

  private void unmap() {
    MappedByteBuffer w = window;
    window = null;
    if (w != null && CLEANER != null) {
      try {
        CLEANER.invoke(UNSAFE, w);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // Left to the garbage collector.
      }
    }
  }
}
