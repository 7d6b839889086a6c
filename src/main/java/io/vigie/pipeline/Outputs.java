package io.vigie.pipeline;

import io.vigie.flow.Session;
import io.vigie.notice.Notice;
import java.util.List;

/**
 * The output list: gives each session and notice to every output in order. A new output is one more
 * entry, for replay and the daemon alike.
 */
public final class Outputs implements Output {
  private final Output[] outputs;

  public Outputs(List<? extends Output> outputs) {
    this.outputs = outputs.toArray(new Output[0]);
  }

  @Override
  public void onSession(Session session) {
    for (Output o : outputs) {
      o.onSession(session);
    }
  }

  @Override
  public void onNotice(Notice notice) {
    for (Output o : outputs) {
      o.onNotice(notice);
    }
  }
}
