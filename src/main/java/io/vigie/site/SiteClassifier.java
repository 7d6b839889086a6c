package io.vigie.site;

import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;

/** The pipeline stage that gives each finished session its site facts before policy sees it. */
public final class SiteClassifier implements SessionSink {
  private final SiteModel site;
  private final SessionSink next;

  public SiteClassifier(SiteModel site, SessionSink next) {
    this.site = site;
    this.next = next;
  }

  @Override
  public void onSession(Session session) {
    next.onSession(site.classify(session));
  }
}
