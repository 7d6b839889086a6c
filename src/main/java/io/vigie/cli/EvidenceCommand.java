package io.vigie.cli;

import io.vigie.config.TimestampingConfig;
import io.vigie.evidence.BundleVerifier;
import io.vigie.evidence.Exporter;
import io.vigie.evidence.KeyRotation;
import io.vigie.evidence.LegalHoldBook;
import io.vigie.evidence.SigningKey;
import io.vigie.evidence.StoreAppender;
import io.vigie.evidence.StorePaths;
import io.vigie.evidence.StoreVerifier;
import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import io.vigie.evidence.Times;
import io.vigie.evidence.VerifyOptions;
import io.vigie.evidence.VerifyResult;
import io.vigie.facts.EvidenceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigie evidence verify|timeline|export|pubkey|rotate-key|hold}: the reviewer's tools. None
 * needs vigie's config: a database, its siblings ({@code .key}, {@code .pub}, {@code .slices/}) or
 * a bundle are enough.
 *
 * <p>Reading a store ({@code timeline}), exporting from it ({@code export}) and placing or lifting
 * a legal hold ({@code hold}) are themselves chained records in that store, as the web pages' are
 * ({@code ui_view}, {@code ui_export}, {@code legal_hold}, {@code legal_hold_released}): who (the
 * {@code --as} name, else the OS user, and the OS user always), what (the filter, the bundle's
 * SHA-256), when. They are signed with the store's key ({@code --key}, default {@code FILE.key}); a
 * reading that cannot be recorded is refused (exit 2) and prints nothing.
 */
@Command(
    name = "evidence",
    footer = {
      "",
      "Example:",
      "  vigie evidence verify --pubkey kept.pub /var/lib/vigie/evidence.db"
    },
    mixinStandardHelpOptions = true,
    description = "Verify, read and export the tamper-evident evidence store.",
    subcommands = {
      EvidenceCommand.Verify.class,
      EvidenceCommand.TimelineCmd.class,
      EvidenceCommand.Export.class,
      EvidenceCommand.Pubkey.class,
      EvidenceCommand.RotateKey.class,
      EvidenceReportCommand.class,
      EvidenceCommand.Hold.class
    })
public final class EvidenceCommand {

  @Command(
      name = "verify",
      footer = {
        "",
        "Example:",
        "  vigie evidence verify --pubkey kept.pub /var/lib/vigie/evidence.db",
        "    /var/lib/vigie/evidence.db: intact: ..., 12 records after the last checkpoint (not yet signed)"
      },
      mixinStandardHelpOptions = true,
      description = {
        "Walk the hash chain, the checkpoint signatures and the pcap slices' hashes of "
            + "an evidence database or a case bundle (.zip).",
        "Records after the last checkpoint are the normal state of a store being written:"
            + " reported as not yet signed, still intact (--require-signed refuses them).",
        "Exit 0 when intact, 1 naming the first bad record, 2 on bad input (a file that is"
            + " neither a store nor a bundle)."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Evidence database (.db) or case bundle (.zip).")
    Path file;

    @Option(
        names = "--pubkey",
        paramLabel = "FILE",
        description =
            "Public key (PEM) the checkpoints must be signed with, obtained independently.")
    Path pubkey;

    @Option(
        names = "--checkpoint",
        paramLabel = "HASH",
        description =
            "A published checkpoint head hash (log line, metric) that must be in the chain.")
    String checkpoint;

    @Option(
        names = "--require-signed",
        description =
            "Refuse records after the last checkpoint: for a store that was closed (its last"
                + " record is then a checkpoint), or an archived copy.")
    boolean requireSigned;

    /** The former opt-in, now the default; kept so that existing scripts still run. */
    @Option(names = "--allow-unsigned-tail", hidden = true)
    boolean allowUnsignedTail;

    @Option(
        names = "--slices",
        paramLabel = "DIR",
        description = "Pcap slice directory (default: FILE.slices).")
    Path slices;

    @Option(
        names = "--anchors",
        paramLabel = "FILE",
        description =
            "Anchor file (or log) of checkpoints published off the appliance: each must be in the chain.")
    Path anchors;

    @Option(
        names = "--tsa-ca",
        paramLabel = "PEM",
        description = "CA certificates the time-stamp tokens' TSA must chain to.")
    Path tsaCa;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such file");
      }
      for (Path p : new Path[] {anchors, tsaCa}) {
        if (p != null && !Files.isRegularFile(p)) {
          throw new UserException(p + ": no such file");
        }
      }
      PublicKey key = null;
      if (pubkey != null) {
        try {
          key = SigningKey.readPublicKey(pubkey);
        } catch (IOException e) {
          throw new UserException(e.getMessage());
        }
      }
      if (checkpoint != null && !checkpoint.matches("[0-9a-fA-F]{64}")) {
        throw new UserException(
            "--checkpoint: '" + checkpoint + "' is not a SHA-256 in hex (64 digits)");
      }
      if (requireSigned && allowUnsignedTail) {
        throw new UserException("--require-signed and --allow-unsigned-tail contradict each other");
      }
      VerifyOptions opt =
          new VerifyOptions(key, checkpoint, !requireSigned, slices, anchors, tsaCa);
      VerifyResult r;
      try {
        r = isZip(file) ? BundleVerifier.verify(file, opt) : StoreVerifier.verify(file, opt);
      } catch (StoreVerifier.NotAStoreException e) {
        // Not ours to judge: bad input (exit 2), never "NOT INTACT", which accuses someone.
        throw new UserException(e.getMessage());
      } catch (IOException e) {
        throw new UserException(file + ": " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (r.intact()) {
        out.println(file + ": intact: " + r.summary());
        return ExitCodes.OK;
      }
      out.println(file + ": NOT INTACT: " + r.finding());
      return ExitCodes.FINDING;
    }

    private static boolean isZip(Path f) {
      try (InputStream in = Files.newInputStream(f)) {
        byte[] m = in.readNBytes(4);
        return m.length == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
      } catch (IOException e) {
        throw new UserException(f + ": cannot read: " + e.getMessage());
      }
    }
  }

  /** Options shared by timeline and export. */
  static final class Filters {
    @Option(
        names = "--from",
        paramLabel = "TIME",
        description = "From this time (2026-11-23T01:00:00Z or 2026-11-23).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Up to this time, excluded.")
    String to;

    @Option(
        names = "--window",
        paramLabel = "ID",
        description = "Only records about this maintenance window.")
    String window;

    @Option(
        names = "--device",
        paramLabel = "NAME",
        description = "Only records about this device.")
    String device;

    TimelineFilter filter(boolean internal) {
      try {
        return new TimelineFilter(time("--from", from), time("--to", to), window, device, internal);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
    }

    private static Long time(String opt, String text) {
      try {
        return text == null ? null : Times.parse(text);
      } catch (IllegalArgumentException e) {
        throw new UserException(opt + ": " + e.getMessage());
      }
    }
  }

  /** Who runs a reviewer's command, and the store key that signs the record of it. */
  static final class Access {
    private static final int MAX_NAME = 128;

    @Option(
        names = "--as",
        paramLabel = "NAME",
        description = "Who is reading, as recorded in the chain (default: the OS user).")
    String as;

    @Option(
        names = "--key",
        paramLabel = "FILE",
        description =
            "The store's private key, which signs the record of this access"
                + " (default: FILE.key; its .pub beside it).")
    Path key;

    /** The {@code --as} name, else the OS user. */
    String principal() {
      String who = as != null ? as : osUser();
      if (who.isBlank()
          || who.length() > MAX_NAME
          || !who.codePoints().noneMatch(Character::isISOControl)) {
        throw new UserException(
            "--as: a name of 1 to " + MAX_NAME + " printable characters is required");
      }
      return who;
    }

    static String osUser() {
      String u = System.getProperty("user.name");
      return u == null || u.isBlank() ? "unknown" : u;
    }

    Path keyFile(Path db) {
      return key != null ? key : StorePaths.defaults(db).keyFile();
    }

    Path pubFile(Path db) {
      return key != null ? Path.of(key + ".pub") : StorePaths.defaults(db).pubFile();
    }

    /** Who, as the record's fields: the principal, the OS user, and that it came by the CLI. */
    Map<String, Object> who() {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("principal", principal());
      f.put("os_user", osUser());
      f.put("via", "cli");
      return f;
    }

    /** Appends {@code kind} with these fields, subject the principal, committed and signed. */
    void record(Path db, String kind, Map<String, Object> what) {
      Map<String, Object> f = who();
      f.putAll(what);
      Instant now = Clock.systemUTC().instant();
      try {
        StoreAppender.append(
            db,
            keyFile(db),
            pubFile(db),
            List.of(
                new EvidenceRecord(
                    kind, now.getEpochSecond() * 1_000_000_000L + now.getNano(), principal(), f)),
            Clock.systemUTC());
      } catch (IOException e) {
        throw new UserException(
            "cannot record this access in the store, so it is refused: " + e.getMessage());
      }
    }
  }

  /** The filter as an access record states it. */
  static Map<String, Object> filterFields(TimelineFilter f) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (f.fromNanos() != null) {
      out.put("from", Times.iso(f.fromNanos()));
    }
    if (f.toNanos() != null) {
      out.put("to", Times.iso(f.toNanos()));
    }
    if (f.window() != null) {
      out.put("window", f.window());
    }
    if (f.device() != null) {
      out.put("device", f.device());
    }
    return out;
  }

  @Command(
      name = "timeline",
      footer = {
        "",
        "Example:",
        "  vigie evidence timeline --window W-20261123-001 /var/lib/vigie/evidence.db"
      },
      mixinStandardHelpOptions = true,
      description = "Print the records in time order, for a person or as JSON.")
  static final class TimelineCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Evidence database.")
    Path file;

    @Mixin Filters filters = new Filters();

    @Option(names = "--json", description = "JSON array instead of text.")
    boolean json;

    @Option(names = "--csv", description = "CSV instead of text.")
    boolean csv;

    @Option(
        names = "--all",
        description = "Include the store's own records (keys, checkpoints, openings).")
    boolean all;

    @Mixin Access access = new Access();

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such file");
      }
      try {
        TimelineFilter filter = filters.filter(all);
        List<TimelineEntry> t = Timeline.read(file, filter);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("view", "timeline");
        what.putAll(filterFields(filter));
        what.put("all", all);
        what.put("entries", t.size());
        // Recorded before anything is shown: a reading that cannot be recorded shows nothing.
        access.record(file, "ui_view", what);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          Timeline.writeJson(t, out);
        } else if (csv) {
          Timeline.writeCsv(t, out);
        } else {
          Timeline.writeText(t, out);
        }
        return ExitCodes.OK;
      } catch (IOException e) {
        throw new UserException(e.getMessage());
      }
    }
  }

  @Command(
      name = "export",
      footer = {
        "",
        "Example:",
        "  vigie evidence export --window W-20261123-001 --out case.zip /var/lib/vigie/evidence.db"
      },
      mixinStandardHelpOptions = true,
      description = {
        "Write a case bundle (zip) that 'vigie evidence verify' checks on any machine.",
        "An existing ZIP is kept unless --force; exit 2 on bad input."
      })
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Evidence database.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "ZIP", description = "Bundle to write.")
    Path out;

    @Option(
        names = "--slices",
        paramLabel = "DIR",
        description = "Pcap slice directory (default: FILE.slices).")
    Path slices;

    @Mixin Filters filters = new Filters();

    /** {@code --key} signs the manifest and the record of this export; {@code --as} names who. */
    @Mixin Access access = new Access();

    @Option(
        names = "--tsa",
        paramLabel = "URL",
        description =
            "RFC 3161 TSA that time-stamps the manifest (repeatable: the first that answers).")
    List<String> tsa;

    @Option(
        names = "--tsa-ca",
        paramLabel = "PEM",
        description = "CA certificates the TSA must chain to (required with --tsa).")
    Path tsaCa;

    @Option(names = "--force", description = "Replace ZIP if it exists.")
    boolean force;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such file");
      }
      Path folder = out.toAbsolutePath().getParent();
      if (folder == null || !Files.isDirectory(folder)) {
        throw new UserException("--out " + out + ": no such folder " + folder);
      }
      if (Files.isDirectory(out)) {
        throw new UserException("--out " + out + ": is a folder; name the bundle file to write");
      }
      if (Files.exists(out) && !force) {
        throw new UserException(
            "--out " + out + ": already exists; use --force to replace it (nothing written)");
      }
      TimestampingConfig stamping = null;
      if (tsa != null && !tsa.isEmpty()) {
        try {
          stamping =
              new TimestampingConfig(tsa, tsaCa == null ? null : tsaCa.toString(), null, 0, null);
        } catch (IllegalArgumentException e) {
          throw new UserException(
              e.getMessage()
                  .replace("timestamping.urls", "--tsa")
                  .replace("timestamping.ca_file", "--tsa-ca"));
        }
      }
      Path keyFile = access.keyFile(file);
      Path pubFile = access.pubFile(file);
      access.principal(); // a bad --as is bad input before any work
      try {
        TimelineFilter filter = filters.filter(false);
        Exporter.Result r =
            Exporter.export(
                file, slices, filter, out, Clock.systemUTC(), keyFile, pubFile, stamping);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("export", "bundle");
        what.putAll(filterFields(filter));
        what.put("file", out.toAbsolutePath().toString());
        what.put("bytes", Files.size(out));
        what.put("sha256", sha256(out));
        what.put("records", r.records());
        what.put("slices", r.slices());
        try {
          access.record(file, "ui_export", what);
        } catch (UserException e) {
          // An export nobody can trace is not handed over.
          Files.deleteIfExists(out);
          throw e;
        }
        spec.commandLine()
            .getOut()
            .printf(
                "%s: %d records in the chain, %d with content, %d timeline entries,"
                    + " %d pcap slices%n",
                out, r.records(), r.withContent(), r.timelineEntries(), r.slices());
        return ExitCodes.OK;
      } catch (IOException e) {
        throw new UserException(e.getMessage());
      }
    }
  }

  private static String sha256(Path f) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(f)) {
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  @Command(
      name = "pubkey",
      footer = {"", "Example:", "  vigie evidence pubkey /var/lib/vigie/evidence.db > kept.pub"},
      mixinStandardHelpOptions = true,
      description =
          "Print the public key (PEM) that signs a store's checkpoints, to keep apart from it.")
  static final class Pubkey implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Evidence database (its FILE.pub is read).")
    Path file;

    @Option(
        names = "--pub",
        paramLabel = "FILE",
        description = "Public key file (default: FILE.pub).")
    Path pub;

    @Override
    public Integer call() {
      Path p = pub != null ? pub : StorePaths.defaults(file).pubFile();
      try {
        PublicKey k = SigningKey.readPublicKey(p);
        PrintWriter out = spec.commandLine().getOut();
        out.print(SigningKey.pem("PUBLIC KEY", k.getEncoded()));
        out.println("# fingerprint (SHA-256 of the key): " + SigningKey.fingerprint(k));
        out.flush();
        return ExitCodes.OK;
      } catch (IOException e) {
        throw new UserException(e.getMessage());
      }
    }
  }

  @Command(
      name = "rotate-key",
      footer = {"", "Example:", "  vigie evidence rotate-key /var/lib/vigie/evidence.db"},
      mixinStandardHelpOptions = true,
      description = {
        "Replace the store's signing key: the old key signs a hand-over to a new one, which"
            + " verify follows. Run with the daemon stopped; the old private key is overwritten.",
        "Exit 0 when done, 2 on bad input."
      })
  static final class RotateKey implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Evidence database.")
    Path file;

    @Option(
        names = "--key",
        paramLabel = "FILE",
        description = "The store's private key (default: FILE.key; its .pub beside it).")
    Path key;

    @Override
    public Integer call() {
      StorePaths paths = StorePaths.defaults(file);
      Path keyFile = key != null ? key : paths.keyFile();
      Path pubFile = key != null ? Path.of(key + ".pub") : paths.pubFile();
      try {
        String fp = KeyRotation.rotate(file, keyFile, pubFile, Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            file
                + ": signing key handed over to "
                + fp
                + "; give reviewers the new "
                + pubFile
                + " as well as the old one");
        out.flush();
        return ExitCodes.OK;
      } catch (IOException e) {
        throw new UserException(e.getMessage());
      }
    }
  }

  @Command(
      name = "hold",
      footer = {
        "",
        "Example:",
        "  vigie evidence hold add /var/lib/vigie/evidence.db --case PV-2026-0412 --reason \"requisition\" --device cam-001",
        "  vigie evidence hold list /var/lib/vigie/evidence.db"
      },
      mixinStandardHelpOptions = true,
      description = {
        "Legal holds: what retention must keep for a judicial procedure (CSI art. L252-5).",
        "Each placing and release is a chained record of the store; the daemon's retention"
            + " reads the holds from the chain at every scan, so it may be running."
      },
      subcommands = {HoldAdd.class, HoldList.class, HoldRelease.class})
  static final class Hold {}

  /** The book over a store, writing through {@link StoreAppender}. */
  private static LegalHoldBook book(Path db, Access access) {
    if (!Files.isRegularFile(db)) {
      throw new UserException(db + ": no such file");
    }
    return LegalHoldBook.over(
        db,
        StoreAppender.committed(db, access.keyFile(db), access.pubFile(db), Clock.systemUTC()),
        Clock.systemUTC());
  }

  private static String line(LegalHoldBook.Hold h) {
    StringBuilder sb = new StringBuilder(h.caseId());
    if (h.window() != null) {
      sb.append(" window=").append(h.window());
    }
    if (h.device() != null) {
      sb.append(" device=").append(h.device());
    }
    if (h.from() != null) {
      sb.append(" from=").append(h.from());
    }
    if (h.to() != null) {
      sb.append(" to=").append(h.to());
    }
    return sb.append(" by=")
        .append(h.by())
        .append(" at=")
        .append(h.at())
        .append(" reason=")
        .append(h.reason())
        .toString();
  }

  @Command(
      name = "add",
      footer = {
        "",
        "Example:",
        "  vigie evidence hold add /var/lib/vigie/evidence.db --case PV-2026-0412 \\",
        "      --reason \"requisition of 2026-11-30\" --device cam-001 --from 2026-11-23 --to 2026-11-24"
      },
      mixinStandardHelpOptions = true,
      description = {
        "Put a case under a legal hold: the slices and image copies of its window, device and"
            + " time range are kept past their retention until the hold is released.",
        "Exit 0 when recorded, 2 on bad input (a case already held, nothing named, to before from)."
      })
  static final class HoldAdd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Evidence database.")
    Path file;

    @Option(
        names = "--case",
        required = true,
        paramLabel = "ID",
        description = "The procedure's reference (e.g. PV-2026-0412).")
    String caseId;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
    String reason;

    @Mixin Filters filters = new Filters();

    @Mixin Access access = new Access();

    @Override
    public Integer call() {
      TimelineFilter f = filters.filter(false);
      LegalHoldBook b = book(file, access);
      try {
        LegalHoldBook.Hold h =
            b.place(
                caseId,
                f.window(),
                f.device(),
                instant(f.fromNanos()),
                instant(f.toNanos()),
                access.principal(),
                reason);
        spec.commandLine().getOut().println("held: " + line(h));
        return ExitCodes.OK;
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UserException(e.getMessage());
      } catch (IOException | UncheckedIOException e) {
        throw new UserException(file + ": " + e.getMessage());
      }
    }

    private static Instant instant(Long nanos) {
      return nanos == null ? null : Instant.ofEpochSecond(0, nanos);
    }
  }

  @Command(
      name = "list",
      footer = {"", "Example:", "  vigie evidence hold list /var/lib/vigie/evidence.db"},
      mixinStandardHelpOptions = true,
      description = "The legal holds in force, as the chain records them.")
  static final class HoldList implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Evidence database.")
    Path file;

    @Override
    public Integer call() {
      // Lists the holds only (no evidence content): nothing to record, so no key is needed.
      LegalHoldBook b = book(file, new Access());
      try {
        PrintWriter out = spec.commandLine().getOut();
        List<LegalHoldBook.Hold> holds = b.active();
        if (holds.isEmpty()) {
          out.println("no legal hold in force");
        }
        holds.forEach(h -> out.println(line(h)));
        out.flush();
        return ExitCodes.OK;
      } catch (IOException e) {
        throw new UserException(file + ": " + e.getMessage());
      }
    }
  }

  @Command(
      name = "release",
      footer = {
        "",
        "Example:",
        "  vigie evidence hold release /var/lib/vigie/evidence.db --case PV-2026-0412 --reason \"procedure closed\""
      },
      mixinStandardHelpOptions = true,
      description = {
        "Lift a case's legal hold: what it kept goes at the next retention scan if past its"
            + " period.",
        "Exit 0 when recorded, 2 on bad input (no hold on that case)."
      })
  static final class HoldRelease implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Evidence database.")
    Path file;

    @Option(names = "--case", required = true, paramLabel = "ID", description = "The case.")
    String caseId;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
    String reason;

    @Mixin Access access = new Access();

    @Override
    public Integer call() {
      LegalHoldBook b = book(file, access);
      try {
        b.release(caseId, access.principal(), reason);
        spec.commandLine().getOut().println("released: " + caseId);
        return ExitCodes.OK;
      } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
        throw new UserException(e.getMessage());
      } catch (IOException | UncheckedIOException e) {
        throw new UserException(file + ": " + e.getMessage());
      }
    }
  }
}
