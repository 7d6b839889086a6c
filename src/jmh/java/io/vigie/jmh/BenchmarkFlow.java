package io.vigie.jmh;

import io.vigie.net.App;
import io.vigie.protocol.FlowContext;
import io.vigie.protocol.SessionAttrs;

/**
 * A flow as the flow table presents it to the recognisers (10.0.0.1 to 10.0.0.2), reusable: {@link
 * #reset} makes it a new flow again without allocating.
 */
public final class BenchmarkFlow implements FlowContext {
  private final int ipProto;
  private final int origPort;
  private final int respPort;
  private SessionAttrs attrs = new SessionAttrs();
  private App app;
  private Object state;

  public BenchmarkFlow(boolean tcp, int origPort, int respPort) {
    this.ipProto = tcp ? 6 : 17;
    this.origPort = origPort;
    this.respPort = respPort;
  }

  /** A new flow on the same 5-tuple: no application, no engine state, empty attributes. */
  public void reset() {
    app = null;
    state = null;
    attrs = new SessionAttrs();
  }

  /** A new flow whose application was announced (RTSP's SETUP for RTP, FTP's PASV...). */
  public void reset(App announced) {
    reset();
    app = announced;
  }

  @Override
  public int ipProto() {
    return ipProto;
  }

  @Override
  public int ipVersion() {
    return 4;
  }

  @Override
  public long origHi() {
    return 0;
  }

  @Override
  public long origLo() {
    return 0x0A000001L;
  }

  @Override
  public int origPort() {
    return origPort;
  }

  @Override
  public long respHi() {
    return 0;
  }

  @Override
  public long respLo() {
    return 0x0A000002L;
  }

  @Override
  public int respPort() {
    return respPort;
  }

  @Override
  public long origPkts() {
    return 1;
  }

  @Override
  public long respPkts() {
    return 1;
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
    return "1:benchmark-flow";
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
