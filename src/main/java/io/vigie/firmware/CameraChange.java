package io.vigie.firmware;

/**
 * A change seen on a camera that an approved window may have announced.
 *
 * @param kind {@code firmware}, {@code module_added}, {@code module_removed} or {@code
 *     camera_replaced}
 * @param firmwareVersion the new firmware version (for {@code firmware}), else the current one
 * @param imageHash hash of a firmware image seen on the wire, or null (ONVIF does not tell it)
 * @param moduleType the module or rule type in Clark notation, for module changes, else null
 */
public record CameraChange(
    String camera, String kind, String firmwareVersion, String imageHash, String moduleType) {}
