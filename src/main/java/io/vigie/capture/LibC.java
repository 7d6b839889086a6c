package io.vigie.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * poll(2), to wait for a live capture's descriptor with a timeout: libpcap's TPACKET_V3 ring
 * otherwise blocks until a packet comes, and a silent link would never let idle flows expire.
 */
final class LibC {
  static final short POLLIN = 0x1;

  static {
    Native.register(LibC.class, NativeLibrary.getInstance("c"));
  }

  private LibC() {}

  /** {@code struct pollfd *fds}: int fd, short events, short revents (8 bytes each). */
  static native int poll(Pointer fds, int nfds, int timeoutMillis);
}
