package io.vigie.notice;

/**
 * Something a person must look at, typed and identified like Zeek's notices.
 *
 * @param tsNanos when it happened (packet time in replay)
 * @param note the type, e.g. {@code vendor_access_outside_window}, {@code firmware_changed}
 * @param id stable identifier for de-duplication: the same fact gives the same id
 * @param communityId the session it is about, or null
 * @param msg one sentence for a person
 * @param window the maintenance window concerned, or null
 * @param camera the camera concerned, or null
 */
public record Notice(
    long tsNanos,
    String note,
    Severity severity,
    String id,
    String communityId,
    String msg,
    String window,
    String camera) {}
