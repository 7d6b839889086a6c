package io.vigie.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The golden comparison catches what it must and forgives only the stats record's wall clock. */
class JsonLinesDiffTest {
  private static final String SESSION =
      "{\"type\":\"session\",\"community_id\":\"1:abc=\",\"orig_h\":\"127.0.0.1\","
          + "\"orig_p\":40000,\"resp_h\":\"127.0.0.1\",\"resp_p\":80,\"duration\":0.001675,\"apps\":[\"http\"],"
          + "\"http_uri\":\"/x\"}";
  private static final String STATS =
      "{\"type\":\"stats\",\"packets\":5,\"seconds\":0.056,"
          + "\"malformed\":{\"bad_tcp_header_length\":1},\"capture_seconds\":0.001675}";

  @Test
  void identicalOutputsAgree() {
    assertEquals(
        List.of(), JsonLinesDiff.compare(List.of(SESSION, STATS), List.of(SESSION, STATS)));
  }

  @Test
  void fieldOrderDoesNotMatter() {
    String reordered =
        "{\"http_uri\":\"/x\",\"type\":\"session\",\"community_id\":\"1:abc=\",\"orig_h\":\"127.0.0.1\","
            + "\"orig_p\":40000,\"resp_h\":\"127.0.0.1\",\"resp_p\":80,\"duration\":0.001675,\"apps\":[\"http\"]}";
    assertEquals(List.of(), JsonLinesDiff.compare(List.of(SESSION), List.of(reordered)));
  }

  @Test
  void aChangedFieldIsNamedWithItsRecord() {
    String changed = SESSION.replace("\"/x\"", "\"http://user:pass@example.test/x\"");
    assertEquals(
        List.of(
            "record 1 (session 1:abc= 127.0.0.1:40000 -> 127.0.0.1:80), field http_uri: expected \"/x\" "
                + "but was \"http://user:pass@example.test/x\""),
        JsonLinesDiff.compare(List.of(SESSION), List.of(changed)));
  }

  @Test
  void decimalsCompareAsWritten() {
    String longer = SESSION.replace("0.001675", "0.0016750");
    assertEquals(
        List.of(
            "record 1 (session 1:abc= 127.0.0.1:40000 -> 127.0.0.1:80), field duration: expected "
                + "0.001675 but was 0.0016750"),
        JsonLinesDiff.compare(List.of(SESSION), List.of(longer)));
  }

  @Test
  void missingAndExtraFieldsAndRecordsAreReported() {
    String without = SESSION.replace(",\"http_uri\":\"/x\"", "");
    String extra = SESSION.replace("}", ",\"http_referrer\":null}");
    assertEquals(
        List.of(
            "record 1 (session 1:abc= 127.0.0.1:40000 -> 127.0.0.1:80), field http_uri: missing, "
                + "expected \"/x\""),
        JsonLinesDiff.compare(List.of(SESSION), List.of(without)));
    assertEquals(
        List.of(
            "record 1 (session 1:abc= 127.0.0.1:40000 -> 127.0.0.1:80), field http_referrer: not "
                + "expected, was null"),
        JsonLinesDiff.compare(List.of(SESSION), List.of(extra)));
    assertEquals(
        List.of("record 2 (stats): missing"),
        JsonLinesDiff.compare(List.of(SESSION, STATS), List.of(SESSION)));
    assertEquals(
        List.of("record 2 (stats): not expected"),
        JsonLinesDiff.compare(List.of(SESSION), List.of(SESSION, STATS)));
  }

  @Test
  void onlyTheStatsWallClockIsIgnored() {
    String slower = STATS.replace("\"seconds\":0.056", "\"seconds\":9.5");
    assertEquals(List.of(), JsonLinesDiff.compare(List.of(STATS), List.of(slower)));
    String otherCapture =
        STATS.replace("\"capture_seconds\":0.001675", "\"capture_seconds\":0.002");
    assertEquals(
        List.of("record 1 (stats), field capture_seconds: expected 0.001675 but was 0.002"),
        JsonLinesDiff.compare(List.of(STATS), List.of(otherCapture)));
    String malformed = STATS.replace("\"bad_tcp_header_length\":1", "\"bad_tcp_header_length\":2");
    assertEquals(
        List.of("record 1 (stats), field malformed.bad_tcp_header_length: expected 1 but was 2"),
        JsonLinesDiff.compare(List.of(STATS), List.of(malformed)));
    // "seconds" of a session is not the wall clock: it is compared.
    String sessionWithSeconds = SESSION.replace("}", ",\"seconds\":1}");
    assertEquals(
        List.of(
            "record 1 (session 1:abc= 127.0.0.1:40000 -> 127.0.0.1:80), field seconds: expected 1 "
                + "but was 2"),
        JsonLinesDiff.compare(
            List.of(sessionWithSeconds),
            List.of(sessionWithSeconds.replace("\"seconds\":1", "\"seconds\":2"))));
  }

  @Test
  void aRecordOfAnotherTypeIsOneDifference() {
    String notice =
        "{\"type\":\"notice\",\"note\":\"firmware_transfer\",\"id\":\"8874eb1be0ab53bc\"}";
    assertEquals(
        List.of(
            "record 1 (session 1:abc= 127.0.0.1:40000 -> 127.0.0.1:80): expected a session record but "
                + "was notice firmware_transfer 8874eb1be0ab53bc"),
        JsonLinesDiff.compare(List.of(SESSION), List.of(notice)));
  }
}
