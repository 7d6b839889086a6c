/**
 * Typed notices with stable identifiers, after Zeek's notice framework: a catalogue of types
 * and default severities ({@link io.vigie.notice.NoticeType}), ids that hash the type and the
 * key facts ({@link io.vigie.notice.NoticeIds}), suppression of repeats in event time ({@link
 * io.vigie.notice.NoticeFilter}) and a bounded memory of external endpoints already seen
 * ({@link io.vigie.notice.SeenEndpoints}).
 *
 * <table>
 *   <caption>Notice types raised by policy</caption>
 *   <tr><th>note</th><th>severity</th><th>id from</th></tr>
 *   <tr><td>vendor_access_outside_window</td><td>high</td><td>type, verdict, device, endpoint, app</td></tr>
 *   <tr><td>vendor_access_out_of_scope</td><td>high</td><td>type, verdict, device, endpoint, app</td></tr>
 *   <tr><td>session_outlived_window</td><td>high</td><td>type, Community ID</td></tr>
 *   <tr><td>phone_home</td><td>high</td><td>type, device, destination, port</td></tr>
 *   <tr><td>video_egress</td><td>critical</td><td>type, inside, outside address</td></tr>
 *   <tr><td>remote_access</td><td>high</td><td>type, originator, responder, app</td></tr>
 *   <tr><td>tunnel_detected</td><td>critical</td><td>type, originator, responder, app</td></tr>
 *   <tr><td>new_external_endpoint</td><td>warning</td><td>type, device, endpoint</td></tr>
 * </table>
 */
package io.vigie.notice;
