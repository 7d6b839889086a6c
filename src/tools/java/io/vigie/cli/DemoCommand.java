package io.vigie.cli;

import io.vigie.demo.DemoCapture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigie demo [--out DIR]}: writes the demo city's {@code site.yaml} and a two-minute {@code
 * demo.pcap} with the vendor's visits at known times, prints the timeline, then replays the capture
 * against the site and its maintenance window ({@code vigie replay --config site.yaml --windows
 * windows.yaml demo.pcap}). Then, against two simulated ONVIF cameras on loopback, certifies a
 * baseline and shows a face-recognition module that appears on one of them without a firmware
 * change ({@link DemoOnvif}).
 */
@Command(
    name = "demo",
    footer = {"", "Example:", "  vigie demo --out demo"},
    mixinStandardHelpOptions = true,
    description =
        "Write a demo site and capture (same bytes every run) and show what happens in it.")
public final class DemoCommand implements Callable<Integer> {
  static final String SITE_RESOURCE = "/io/vigie/demo/site.yaml";
  static final String WINDOWS_RESOURCE = "/io/vigie/demo/windows.yaml";

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write site.yaml and demo.pcap (default: ${DEFAULT-VALUE}).",
      defaultValue = "demo-out")
  Path out;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    Path site = out.resolve("site.yaml");
    Path pcap = out.resolve("demo.pcap");
    Path windows = out.resolve("windows.yaml");
    DemoCapture.Result result;
    try {
      Files.createDirectories(out);
      copyResource(SITE_RESOURCE, site);
      copyResource(WINDOWS_RESOURCE, windows);
      try (OutputStream os = Files.newOutputStream(pcap)) {
        result = DemoCapture.write(os);
      }
    } catch (IOException e) {
      throw new UserException("cannot write the demo into " + out + ": " + IoErrors.describe(e));
    }
    w.printf(
        "wrote %s and %s (%d packets, %d bytes on the wire)%n",
        site, pcap, result.totals().packets(), result.totals().wireBytes());
    w.println("timeline (UTC):");
    result.timeline().forEach(e -> w.println("  " + e));
    w.println("firmware image (HTTP POST): sha256 " + result.httpImage().sha256());
    w.println("analytics plugin (TFTP):    sha256 " + result.tftpImage().sha256());
    w.println("configuration (FTP):        sha256 " + result.ftpImage().sha256());
    w.println();
    w.println("$ vigie replay --config " + site + " --windows " + windows + " " + pcap);
    w.flush();
    // In-process, with this command's own streams, so tests and the caller see one output. The
    // replay command itself, not Main: the tools depend on the appliance, never the reverse.
    int code =
        CommandRunner.run(
            new ReplayCommand(),
            new String[] {
              "--config", site.toString(), "--windows", windows.toString(), pcap.toString()
            },
            w,
            spec.commandLine().getErr());
    if (code != ExitCodes.OK) {
      return code;
    }
    int onvif = DemoOnvif.run(out, w, spec.commandLine().getErr());
    w.flush();
    return onvif;
  }

  private static void copyResource(String resource, Path to) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar");
      }
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
