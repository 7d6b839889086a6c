package io.vigie.protocol;

import io.vigie.net.App;

/**
 * What a recogniser may see and set of the flow it inspects. Implemented by the flow table's flow
 * objects, so recognisers stay free of the table's internals.
 */
public interface FlowContext {
  /** IP protocol number (6 TCP, 17 UDP...). */
  int ipProto();

  int ipVersion();

  long origHi();

  long origLo();

  int origPort();

  long respHi();

  long respLo();

  int respPort();

  long origPkts();

  long respPkts();

  App app();

  void app(App app);

  SessionAttrs attrs();

  /** Community ID v1 of the flow, e.g. {@code 1:LQU9qZlK+B5F3KDmev6m5PMibrg=}. */
  String communityId();

  /** Slot for the engine's per-flow parser state; null until the engine sets it. */
  Object inspectorState();

  void inspectorState(Object state);
}
