package io.vigie.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.config.ConfigException;
import io.vigie.config.EvidenceConfig;
import io.vigie.config.SiteConfig;
import io.vigie.config.YamlLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code evidence:} section of the site file: defaults, snake_case keys, strict validation. */
class EvidenceConfigTest {
  private static SiteConfig parse(String yaml) throws ConfigException {
    return YamlLoader.parse("site.yaml", yaml.getBytes(StandardCharsets.UTF_8), SiteConfig.class);
  }

  @Test
  void absentSectionMeansDefaults() throws Exception {
    EvidenceConfig e = parse("site: { name: x }\n").evidence();
    assertEquals(10_000, e.checkpointRecords());
    assertEquals(60, e.checkpointSeconds());
    assertEquals(30, e.retentionDays(), "one month: CSI art. L252-5");
    assertEquals(30, e.retention().imageCopiesDays());
    assertEquals(0, e.retention().metadataDays());
    assertEquals(Path.of("/data/e.db.key"), StorePaths.of(Path.of("/data/e.db"), e).keyFile());
    assertEquals(Path.of("/data/e.db.slices"), StorePaths.of(Path.of("/data/e.db"), e).sliceDir());
  }

  @Test
  void keysAreSnakeCase() throws Exception {
    EvidenceConfig e =
        parse(
                "evidence:\n  path: /var/lib/vigie/e.db\n  key_file: /etc/vigie/e.key\n"
                    + "  checkpoint_records: 500\n  checkpoint_seconds: 30\n  slice_max_bytes: 1048576\n"
                    + "  store_max_bytes: 1073741824\n  retention_days: 90\n")
            .evidence();
    assertEquals("/var/lib/vigie/e.db", e.path());
    assertEquals(500, e.checkpointRecords());
    assertEquals(1_048_576L, e.sliceMaxBytes());
    assertEquals(Path.of("/etc/vigie/e.key.pub"), StorePaths.of(Path.of(e.path()), e).pubFile());
  }

  @Test
  void retentionIsSetPerKind() throws Exception {
    EvidenceConfig e =
        parse(
                "evidence:\n  retention:\n    slices_days: 20\n    image_copies_days: 10\n"
                    + "    metadata_days: 0\n")
            .evidence();
    assertEquals(20, e.retentionDays());
    assertEquals(10, e.retention().imageCopiesDays());
    ConfigException both =
        assertThrows(
            ConfigException.class,
            () -> parse("evidence:\n  retention_days: 20\n  retention: { slices_days: 20 }\n"));
    assertTrue(both.getMessage().contains("older spelling"), both.getMessage());
    ConfigException meta =
        assertThrows(
            ConfigException.class, () -> parse("evidence:\n  retention: { metadata_days: 365 }\n"));
    assertTrue(meta.getMessage().contains("metadata_days must be 0"), meta.getMessage());
    ConfigException typo =
        assertThrows(
            ConfigException.class, () -> parse("evidence:\n  retention: { slice_days: 5 }\n"));
    assertTrue(
        typo.getMessage().contains("evidence.retention.slice_days: unknown key 'slice_days'"),
        typo.getMessage());
  }

  @Test
  void badValuesNameTheKeyAndLine() {
    ConfigException bad =
        assertThrows(ConfigException.class, () -> parse("evidence:\n  retention_days: 0\n"));
    assertTrue(
        bad.getMessage().contains("retention_days must be positive, was 0"), bad.getMessage());
    assertTrue(
        bad.getMessage().startsWith("site.yaml:") && bad.getMessage().contains("evidence"),
        bad.getMessage());
    ConfigException typo =
        assertThrows(ConfigException.class, () -> parse("evidence:\n  checkpoint_record: 5\n"));
    assertTrue(typo.getMessage().contains("unknown key 'checkpoint_record'"), typo.getMessage());
  }

  @Test
  void timestampingAndAnchorsAreNestedSections() throws Exception {
    EvidenceConfig e =
        parse(
                "evidence:\n  timestamping:\n    urls: [http://127.0.0.1:8318/tsr]\n"
                    + "    ca_file: /etc/vigie/tsa-ca.pem\n    policy_oid: 1.2.3.4.1\n    retries: 5\n"
                    + "  anchors:\n    file: /var/log/vigie/anchors.log\n")
            .evidence();
    assertEquals(java.util.List.of("http://127.0.0.1:8318/tsr"), e.timestamping().urls());
    assertEquals(5, e.timestamping().retries());
    assertEquals(10, e.timestamping().timeoutSeconds());
    assertEquals("/var/log/vigie/anchors.log", e.anchors().file());
    assertEquals(
        null, parse("site: { name: x }\n").evidence().timestamping(), "no TSA unless configured");
  }

  @Test
  void badTimestampingIsRefusedWithItsKey() {
    ConfigException noCa =
        assertThrows(
            ConfigException.class,
            () -> parse("evidence:\n  timestamping:\n    urls: [http://127.0.0.1/tsr]\n"));
    assertTrue(noCa.getMessage().contains("timestamping.ca_file is required"), noCa.getMessage());
    ConfigException ftp =
        assertThrows(
            ConfigException.class,
            () ->
                parse("evidence:\n  timestamping:\n    urls: [ftp://tsa/]\n    ca_file: ca.pem\n"));
    assertTrue(ftp.getMessage().contains("is not an http(s) URL"), ftp.getMessage());
    ConfigException oid =
        assertThrows(
            ConfigException.class,
            () ->
                parse(
                    "evidence:\n  timestamping:\n    urls: [http://t/]\n    ca_file: ca.pem\n    policy_oid: abc\n"));
    assertTrue(oid.getMessage().contains("policy_oid: 'abc' is not an OID"), oid.getMessage());
    ConfigException typo =
        assertThrows(ConfigException.class, () -> parse("evidence:\n  anchors:\n    path: /x\n"));
    assertTrue(typo.getMessage().contains("unknown key 'path'"), typo.getMessage());
  }

  @Test
  void theAnchorFileIsNeverInsideTheStoresFolder(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path db = dir.resolve("store").resolve("e.db");
    assertEquals(
        dir.resolve("store.anchors").resolve("e.db.anchors"),
        AnchorFile.resolve(db, EvidenceConfig.DEFAULTS),
        "the default is a sibling of the store's folder");
    EvidenceConfig inside =
        EvidenceConfig.DEFAULTS.withAnchoring(
            null,
            new io.vigie.config.AnchorsConfig(dir.resolve("store/sub/anchors.log").toString()));
    java.io.IOException bad =
        assertThrows(java.io.IOException.class, () -> AnchorFile.resolve(db, inside));
    assertTrue(
        bad.getMessage().contains("evidence.anchors.file")
            && bad.getMessage().contains("inside the store's folder"),
        bad.getMessage());
    java.io.IOException atOpen =
        assertThrows(
            java.io.IOException.class,
            () ->
                EvidenceStore.open(
                    db,
                    inside,
                    java.time.Clock.systemUTC(),
                    new TestStores.Recorder(),
                    EvidenceMetrics.NONE));
    assertTrue(atOpen.getMessage().contains("inside the store's folder"), atOpen.getMessage());
    // Through a symbolic link into the folder too.
    java.nio.file.Files.createDirectories(db.getParent());
    java.nio.file.Files.createSymbolicLink(dir.resolve("link"), db.getParent());
    EvidenceConfig linked =
        EvidenceConfig.DEFAULTS.withAnchoring(
            null, new io.vigie.config.AnchorsConfig(dir.resolve("link/anchors.log").toString()));
    assertThrows(java.io.IOException.class, () -> AnchorFile.resolve(db, linked));
  }
}
