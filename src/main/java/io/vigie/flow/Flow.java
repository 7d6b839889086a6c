package io.vigie.flow;

import io.vigie.net.App;
import io.vigie.protocol.FlowContext;
import io.vigie.protocol.SessionAttrs;

/**
 * One bidirectional flow in the {@link FlowTable}. Mutable and owned by the pipeline thread; the
 * originator ({@code orig}) is the side that sent the first packet, or the SYN when one was seen.
 */
final class Flow implements FlowContext {
  // Identity. For ICMP the key ports are the type and its counterpart type (see IcmpPorts).
  int ipVersion;
  int ipProto;
  long origHi;
  long origLo;
  long respHi;
  long respLo;
  int origKeyPort;
  int respKeyPort;
  int hash;

  /** Ports as reported: TCP/UDP ports, or ICMP type and code of the first packet. */
  int origPort;

  int respPort;
  String communityId;
  int linkType;

  long firstNanos;
  long lastNanos;
  long origBytes;
  long respBytes;
  long origPkts;
  long respPkts;

  // TCP state.
  boolean synSeen;
  boolean origFin;
  boolean respFin;
  boolean rst;
  StreamReassembler origStream;
  StreamReassembler respStream;

  // Inspection.
  boolean inspecting = true;
  App app;
  final SessionAttrs attrs = new SessionAttrs();
  Object inspectorState;

  // Evidence: packets kept until the flow is known to matter, then its recording.
  RetainedPackets retained;
  PacketRecorder.Recording recording;
  boolean ofInterest;
  boolean recordingStarted;

  // Intrusive lists: idle order (by last packet) and age order (by first packet).
  FlowList idleList;
  Flow idlePrev;
  Flow idleNext;
  Flow agePrev;
  Flow ageNext;

  boolean isTcp() {
    return ipProto == 6;
  }

  boolean closed() {
    return rst || (origFin && respFin);
  }

  @Override
  public int ipProto() {
    return ipProto;
  }

  @Override
  public int ipVersion() {
    return ipVersion;
  }

  @Override
  public long origHi() {
    return origHi;
  }

  @Override
  public long origLo() {
    return origLo;
  }

  @Override
  public int origPort() {
    return origPort;
  }

  @Override
  public long respHi() {
    return respHi;
  }

  @Override
  public long respLo() {
    return respLo;
  }

  @Override
  public int respPort() {
    return respPort;
  }

  @Override
  public long origPkts() {
    return origPkts;
  }

  @Override
  public long respPkts() {
    return respPkts;
  }

  @Override
  public App app() {
    return app;
  }

  @Override
  public void app(App app) {
    this.app = app;
  }

  @Override
  public SessionAttrs attrs() {
    return attrs;
  }

  @Override
  public String communityId() {
    return communityId;
  }

  @Override
  public Object inspectorState() {
    return inspectorState;
  }

  @Override
  public void inspectorState(Object state) {
    this.inspectorState = state;
  }
}
