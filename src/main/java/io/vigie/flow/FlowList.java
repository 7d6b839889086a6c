package io.vigie.flow;

/**
 * Flows ordered by their last packet: touched flows move to the tail, so the head is always the
 * longest idle one and expiry only looks at heads. One list per timeout class.
 */
final class FlowList {
  final long timeoutNanos;
  final String endReason;
  Flow head;
  Flow tail;

  FlowList(long timeoutNanos, String endReason) {
    this.timeoutNanos = timeoutNanos;
    this.endReason = endReason;
  }

  void addLast(Flow f) {
    f.idleList = this;
    f.idlePrev = tail;
    f.idleNext = null;
    if (tail == null) {
      head = f;
    } else {
      tail.idleNext = f;
    }
    tail = f;
  }

  void remove(Flow f) {
    if (f.idlePrev == null) {
      head = f.idleNext;
    } else {
      f.idlePrev.idleNext = f.idleNext;
    }
    if (f.idleNext == null) {
      tail = f.idlePrev;
    } else {
      f.idleNext.idlePrev = f.idlePrev;
    }
    f.idlePrev = null;
    f.idleNext = null;
    f.idleList = null;
  }

  void moveToTail(Flow f) {
    if (tail == f) {
      return;
    }
    remove(f);
    addLast(f);
  }
}
