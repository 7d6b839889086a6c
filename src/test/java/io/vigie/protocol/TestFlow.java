package io.vigie.protocol;

import io.vigie.net.App;

/** A flow as the flow table would present it, for feeding the engine in tests. */
final class TestFlow implements FlowContext {
  private final int ipProto;
  private final int ipVersion;
  private final long origHi;
  private final long origLo;
  private final int origPort;
  private final long respHi;
  private final long respLo;
  private final int respPort;
  private final String communityId;
  private final SessionAttrs attrs = new SessionAttrs();
  private App app;
  private Object state;
  long origPkts;
  long respPkts;

  TestFlow(
      int ipProto,
      int ipVersion,
      long origHi,
      long origLo,
      int origPort,
      long respHi,
      long respLo,
      int respPort,
      String communityId) {
    this.ipProto = ipProto;
    this.ipVersion = ipVersion;
    this.origHi = origHi;
    this.origLo = origLo;
    this.origPort = origPort;
    this.respHi = respHi;
    this.respLo = respLo;
    this.respPort = respPort;
    this.communityId = communityId;
  }

  /** An IPv4 flow 10.0.0.1:origPort -> 10.0.0.2:respPort. */
  static TestFlow tcp(int origPort, int respPort) {
    return new TestFlow(6, 4, 0, 0x0A000001L, origPort, 0, 0x0A000002L, respPort, "1:tcp-test");
  }

  static TestFlow udp(int origPort, int respPort) {
    return new TestFlow(17, 4, 0, 0x0A000001L, origPort, 0, 0x0A000002L, respPort, "1:udp-test");
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
    return state;
  }

  @Override
  public void inspectorState(Object s) {
    this.state = s;
  }
}
