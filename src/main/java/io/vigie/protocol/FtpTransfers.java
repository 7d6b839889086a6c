package io.vigie.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Links FTP data connections to the command that uses them. The control connection opens a slot for
 * each PASV/EPSV reply or PORT/EPRT command, keyed by its Community ID and the data port (the data
 * flow's responder port in both modes); the RETR/STOR that follows fills it in. The data flow finds
 * its slot when it starts and reads it when it ends, since in passive mode the client often
 * connects before it sends the command.
 */
final class FtpTransfers {
  /** Bounds memory when control connections never end (capture cut short). */
  private static final int MAX_SLOTS = 4096;

  /** One announced data connection. */
  static final class Slot {
    /** Handed to the expectation: the data flow inherits the user and file name. */
    final SessionAttrs attrs = new SessionAttrs();

    String command;
    boolean upload;

    /** True for RETR/STOR/APPE/STOU: the data is a file (not a directory listing). */
    boolean carriesFile() {
      return command != null
          && !command.equals("LIST")
          && !command.equals("NLST")
          && !command.equals("MLSD");
    }
  }

  private final Map<String, Slot> slots = new HashMap<>();

  Slot open(String controlId, int port, String user) {
    if (slots.size() >= MAX_SLOTS) {
      slots.clear();
    }
    Slot s = new Slot();
    s.attrs.ftpUser = user;
    slots.put(key(controlId, port), s);
    return s;
  }

  /** The slot of a starting ftp-data flow, or null when it was not announced by a control flow. */
  Slot lookup(FlowContext data) {
    String parent = data.attrs().parent;
    if (parent == null) {
      return null;
    }
    Slot s = slots.remove(key(parent, data.respPort()));
    return s != null ? s : slots.remove(key(parent, data.origPort()));
  }

  /** The control connection ended: its unused slots go. */
  void closeControl(String controlId) {
    slots.keySet().removeIf(k -> k.startsWith(controlId + "|"));
  }

  private static String key(String controlId, int port) {
    return controlId + "|" + port;
  }
}
