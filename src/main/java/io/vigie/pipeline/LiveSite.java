package io.vigie.pipeline;

import io.vigie.flow.FlowInterest;
import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.protocol.FlowContext;
import io.vigie.protocol.NameObserver;

/**
 * What a flow table and its protocol engine see of the site, switchable by a reload: the capture
 * thread reads the current {@link SiteStage} through one volatile field, the reload thread replaces
 * it. No lock, no allocation; a session ending during the swap goes to one stage or the other,
 * whole.
 *
 * <p>Names learnt from DNS belong to a stage's site model, so a reload forgets them; they are
 * learnt again from the next answers.
 */
final class LiveSite implements FlowInterest, NameObserver, SessionSink {
  private volatile SiteStage stage;

  LiveSite(SiteStage initial) {
    this.stage = initial;
  }

  void replace(SiteStage next) {
    stage = next;
  }

  @Override
  public boolean isOfInterest(FlowContext flow) {
    return stage.site().isOfInterest(flow);
  }

  @Override
  public void learn(int ipVersion, long hi, long lo, String name, long tsNanos) {
    stage.site().learn(ipVersion, hi, lo, name, tsNanos);
  }

  @Override
  public void onSession(Session session) {
    stage.entry().onSession(session);
  }
}
