package io.vigie.flow;

import io.vigie.protocol.FlowContext;

/**
 * Says whether a flow deserves a pcap slice: asked when the flow starts (addresses known) and again
 * when its application is recognised. Site policy implements it.
 */
@FunctionalInterface
public interface FlowInterest {
  boolean isOfInterest(FlowContext flow);

  FlowInterest NONE = f -> false;
}
