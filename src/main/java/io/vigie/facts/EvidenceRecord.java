package io.vigie.facts;

import java.util.Map;

/**
 * One fact for the tamper-evident log. Domain code builds these; the store canonicalises the fields
 * (JSON, sorted keys), hashes and chains them.
 *
 * @param kind one of {@code session, notice, window_event, api_action, camera_snapshot, baseline,
 *     firmware_image, image_copy, image_expired, legal_hold, legal_hold_released, ui_view,
 *     ui_slice_download, ui_export, config, checkpoint}
 * @param tsNanos when the fact happened (packet time in replay)
 * @param subject what it is about, for timeline filters: a window ID, a device name, a Community
 *     ID, a user; may be null
 * @param fields the content; values are strings, numbers, booleans, lists or maps of those. Never a
 *     credential.
 */
public record EvidenceRecord(
    String kind, long tsNanos, String subject, Map<String, Object> fields) {
  public EvidenceRecord {
    if (kind == null || kind.isEmpty()) {
      throw new IllegalArgumentException("evidence record without a kind");
    }
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }
}
