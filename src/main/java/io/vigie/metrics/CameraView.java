package io.vigie.metrics;

import java.util.List;

/** The cameras' last known state, read at scrape time from the ONVIF poller. */
@FunctionalInterface
public interface CameraView {
  List<CameraState> cameras();
}
