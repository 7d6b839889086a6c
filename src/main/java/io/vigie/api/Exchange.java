package io.vigie.api;

/**
 * One request and its answer, as seen at the edge: what the access log and the audit trail keep.
 * Holds no header, token or body.
 *
 * @param principal the caller's configured name, or null when not authenticated
 * @param path the request path without its query string
 */
public record Exchange(
    String remote,
    String method,
    String path,
    String query,
    int status,
    String principal,
    long durationNanos) {}
