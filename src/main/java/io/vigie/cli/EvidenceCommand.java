package io.vigie.cli;

import io.vigie.config.TimestampingConfig;
import io.vigie.evidence.BundleVerifier;
import io.vigie.evidence.Exporter;
import io.vigie.evidence.KeyRotation;
import io.vigie.evidence.SigningKey;
import io.vigie.evidence.StorePaths;
import io.vigie.evidence.StoreVerifier;
import io.vigie.evidence.Timeline;
import io.vigie.evidence.TimelineEntry;
import io.vigie.evidence.TimelineFilter;
import io.vigie.evidence.Times;
import io.vigie.evidence.VerifyOptions;
import io.vigie.evidence.VerifyResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigie evidence verify|timeline|export|pubkey}: the reviewer's tools. None needs vigie's
 * config: a database, its siblings ({@code .pub}, {@code .slices/}) or a bundle are enough.
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
      EvidenceReportCommand.class
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

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such file");
      }
      try {
        List<TimelineEntry> t = Timeline.read(file, filters.filter(all));
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

    @Option(
        names = "--key",
        paramLabel = "FILE",
        description =
            "The store's private key, which signs the manifest (default: FILE.key; its .pub beside it).")
    Path key;

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
      StorePaths paths = StorePaths.defaults(file);
      Path keyFile = key != null ? key : paths.keyFile();
      Path pubFile = key != null ? Path.of(key + ".pub") : paths.pubFile();
      try {
        Exporter.Result r =
            Exporter.export(
                file,
                slices,
                filters.filter(false),
                out,
                Clock.systemUTC(),
                keyFile,
                pubFile,
                stamping);
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
}
