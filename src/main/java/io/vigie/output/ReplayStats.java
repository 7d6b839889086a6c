package io.vigie.output;

import io.vigie.decode.Malformed;
import java.util.List;
import java.util.Map;

/**
 * What a replay read and found, for its closing record.
 *
 * @param wallNanos processing time
 * @param captureNanos span of packet time in the capture
 * @param damaged one message per file that ended early, naming file and byte offset
 */
public record ReplayStats(
    long packets,
    long bytes,
    Map<Malformed, Long> malformed,
    long malformedTotal,
    long sessions,
    long notices,
    long flowsEvicted,
    long wallNanos,
    long captureNanos,
    List<String> files,
    List<String> damaged) {}
