package io.vigie.flow;

/** Where a session runs relative to the video networks. Names are a JSON contract. */
public enum Direction {
  /** Both ends inside the video networks. */
  INTERNAL("internal"),
  /** Initiated inside, towards outside (phone home, vendor cloud, video egress). */
  OUTBOUND("outbound"),
  /** Initiated outside, towards a video device (vendor maintenance). */
  INBOUND("inbound"),
  /** Neither end inside the video networks (or no site config). */
  EXTERNAL("external");

  private final String wireName;

  Direction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
