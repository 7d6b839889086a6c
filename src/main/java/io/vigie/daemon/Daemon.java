package io.vigie.daemon;

import io.prometheus.client.CollectorRegistry;
import io.vigie.api.AbuseGuard;
import io.vigie.api.AdminRoutes;
import io.vigie.api.ApiServer;
import io.vigie.api.BaselineRoutes;
import io.vigie.api.DirectoryLogin;
import io.vigie.api.LegalHoldRoutes;
import io.vigie.api.Route;
import io.vigie.capture.CaptureException;
import io.vigie.capture.CaptureOptions;
import io.vigie.capture.LiveSource;
import io.vigie.capture.PacketSource;
import io.vigie.capture.PcapFileSource;
import io.vigie.clock.NtpOffsetProbe;
import io.vigie.config.ApiConfig;
import io.vigie.config.CaptureConfig;
import io.vigie.config.NotificationsConfig;
import io.vigie.config.OutputsConfig;
import io.vigie.config.SiteConfig;
import io.vigie.directory.Directory;
import io.vigie.directory.LdapDirectory;
import io.vigie.evidence.ChainWitness;
import io.vigie.evidence.EvidenceStore;
import io.vigie.evidence.LegalHoldBook;
import io.vigie.facts.EvidenceSink;
import io.vigie.firmware.Baseline;
import io.vigie.firmware.BaselineHolder;
import io.vigie.firmware.CameraTarget;
import io.vigie.firmware.ChangeDetector;
import io.vigie.firmware.ExpectedChanges;
import io.vigie.firmware.KnownVulnerabilities;
import io.vigie.firmware.PrivacyClassifier;
import io.vigie.firmware.csaf.AdvisoryLibrary;
import io.vigie.firmware.journal.AcceptedBaseline;
import io.vigie.firmware.journal.BaselineApprovals;
import io.vigie.firmware.journal.BaselineFile;
import io.vigie.firmware.onvif.CameraWatch;
import io.vigie.firmware.onvif.CameraWatchLoop;
import io.vigie.firmware.onvif.FleetPoller;
import io.vigie.gate.GateEvents;
import io.vigie.gate.GateServer;
import io.vigie.kafka.KafkaClientPublisher;
import io.vigie.kafka.KafkaExport;
import io.vigie.metrics.MetricsServer;
import io.vigie.metrics.VigieMetrics;
import io.vigie.notice.Notice;
import io.vigie.notice.NoticeFilter;
import io.vigie.notice.NoticeSink;
import io.vigie.notify.AngusMailer;
import io.vigie.notify.JsonWebhook;
import io.vigie.notify.Mailer;
import io.vigie.notify.Notifications;
import io.vigie.output.ExportSink;
import io.vigie.output.SiteStamp;
import io.vigie.pipeline.ExportOutput;
import io.vigie.pipeline.Output;
import io.vigie.pipeline.Outputs;
import io.vigie.pipeline.Pipeline;
import io.vigie.pipeline.PipelineBuilder;
import io.vigie.policy.CameraChange;
import io.vigie.policy.JournalAudit;
import io.vigie.policy.JournaledWindowService;
import io.vigie.policy.Window;
import io.vigie.policy.WindowService;
import io.vigie.policy.journal.JsonLinesWindowJournal;
import io.vigie.report.SiteNames;
import io.vigie.siem.LogFiles;
import io.vigie.siem.SyslogSender;
import io.vigie.web.WebUi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code vigie run}: every part wired by hand, in one place, started in order and stopped in the
 * reverse order.
 *
 * <pre>
 *  start ──► evidence store ─► window service ─► site/policy ─► metrics (+/healthz) ─► API
 *            ─► gate ─► camera watch ─► control socket ─► capture threads
 *  close ◄── the same, reversed: captures end their flows first, the evidence store drains last
 *
 *  vigie-capture-&lt;if&gt; ─► Pipeline (PipelineBuilder: the same as replay's) ─► Outputs
 *                                                          └─► NoticeFilter ─┘   ├─► evidence store
 *  vigie-camera-watch ─► CameraWatch ─► notices ───────────────────────────►   ├─► metrics counters
 *                                                                             ├─► API recent events
 *                                                                             └─► extra outputs
 * </pre>
 *
 * <pre>{@code
 * Daemon d = new Daemon(configFile, YamlLoader.load(configFile, SiteConfig.class), Clock.systemUTC());
 * try {
 *   d.start();                 // throws naming the part that could not start; what started is closed
 *   ...                        // d.reload() from `vigie reload` (control socket)
 * } finally {
 *   d.close();                 // SIGTERM path too: the shutdown hook ends here
 * }
 * }</pre>
 *
 * <p>Reload is whole or nothing ({@link ConfigReload}): the new site is built for every capture
 * thread before any of them switches.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("io.vigie.daemon");
  private static final int RECENT_EVENTS = 10_000;

  /** Written when two approvers accept a baseline through the API; read at start if newer. */
  static final String ACCEPTED_BASELINE = "baseline.accepted.json";

  private final Path configFile;
  private final Path configDir;
  private final Clock clock;
  private final ConfigReload reloads;
  private final List<Output> extraOutputs;
  private final Deque<Stop> started = new ArrayDeque<>();
  private final List<CaptureLoop> captures = new CopyOnWriteArrayList<>();
  private final EvidenceGauge evidenceGauge = new EvidenceGauge();
  private JournaledWindowService windows;
  // The windows the judge, the gate and the camera watch enforce: the local service's, or with
  // windows.from_hub the hub's (closed while the hub is silent past the grace).
  private volatile java.util.function.Supplier<io.vigie.policy.WindowSet> enforced;
  private io.vigie.windowfeed.HubWindowFeed hubWindows;
  // The mailer, built with the directory (its password file read before anything starts).
  private final Mailer mailer;
  // Set once the window service exists; notices reaching the outputs before that are not mailed.
  private volatile Notifications notifications;
  private MetricsServer metricsServer;
  private ApiServer api;
  private GateServer gate;
  private volatile CameraWatchLoop cameraLoop;
  private boolean closed;
  private KafkaExport kafka;

  /** One step of the stop sequence. */
  @FunctionalInterface
  private interface Stop {
    void run() throws Exception;
  }

  /**
   * @param configFile the site file {@code config} was loaded from: relative paths in it ({@code
   *     capture.file}, {@code state_dir}, {@code baseline}...) are relative to its directory, and
   *     reload reads it again
   */
  public Daemon(Path configFile, SiteConfig config, Clock clock) {
    this(configFile, config, clock, List.of());
  }

  /**
   * @param extraOutputs where judged sessions and notices also go, after the evidence store,
   *     metrics and the API's recent events (each called from several threads)
   */
  private final Directory directory;

  public Daemon(Path configFile, SiteConfig config, Clock clock, List<Output> extraOutputs) {
    this.configFile = configFile;
    this.configDir = configFile.toAbsolutePath().getParent();
    this.reloads = new ConfigReload(configFile, config);
    this.extraOutputs = List.copyOf(extraOutputs);
    this.clock = clock;
    if (config.capture() == null) {
      throw new IllegalArgumentException(
          configFile + ": 'capture' is missing (interfaces, or a file to replay)");
    }
    if (config.stateDir() == null) {
      throw new IllegalArgumentException(
          configFile
              + ": 'state_dir' is missing (where the window journal and "
              + "the evidence store live)");
    }
    // The directory's bind password and CA files are read here, before anything starts, so that a
    // wrong path is a one-line error naming the key (exit 2), never the password.
    if (config.api() != null && config.api().ldap() != null) {
      try {
        this.directory = LdapDirectory.open(config.api().resolvedAgainst(configDir).ldap());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(configFile + ": api: " + e.getMessage(), e);
      }
    } else {
      this.directory = Directory.NONE;
    }
    NotificationsConfig notify = config.api() == null ? null : config.api().notifications();
    if (notify != null && notify.smtp() != null) {
      try {
        this.mailer = AngusMailer.open(notify.resolvedAgainst(configDir).smtp());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            configFile + ": api: notifications: " + e.getMessage(), e);
      }
    } else {
      this.mailer = null;
    }
  }

  /**
   * Starts every part in order. On failure, what was started is stopped again (in reverse) and the
   * exception names the part.
   */
  public synchronized void start() throws IOException, CaptureException {
    boolean ok = false;
    try {
      startAll();
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  private void startAll() throws IOException, CaptureException {
    SiteConfig site = reloads.config();
    Path stateDir = configDir.resolve(site.stateDir());
    Files.createDirectories(stateDir);
    CollectorRegistry registry = new CollectorRegistry();
    String version =
        Optional.ofNullable(Daemon.class.getPackage().getImplementationVersion()).orElse("dev");
    VigieMetrics metrics = new VigieMetrics(registry, version, clock);
    RecentEvents recent = new RecentEvents(RECENT_EVENTS);
    List<Output> others = new ArrayList<>();
    others.add(Output.of(metrics.sessions(), metrics.notices()));
    others.add(Output.of(recent, recent));
    // Every notice also as a key=value log line (the store's own notices included).
    others.add(Output.of(s -> {}, new NoticeLog()));
    // Critical notices also by mail and webhook (queued: the notify thread sends them).
    others.add(
        Output.of(
            s -> {},
            n -> {
              Notifications x = notifications;
              if (x != null) {
                x.notices().onNotice(n);
              }
            }));
    others.addAll(extraOutputs);
    ExportOutput export = startExports(site, stateDir, others, metrics);
    // The store's own notices (chain broken, slice store full) go to the other outputs only: the
    // store records them itself.
    NoticeSink storeNotices = new Outputs(others);

    // 1. evidence store
    Path db =
        site.evidence().path() != null
            ? configDir.resolve(site.evidence().path())
            : stateDir.resolve("evidence.db");
    EvidenceStore store =
        EvidenceStore.open(db, site.evidence(), clock, storeNotices, evidenceGauge);
    evidenceGauge.watchSize(store::dbBytes, store.dbMaxBytes());
    if (kafka != null) {
      store.exportCheckpoints(stamp(site), kafka);
    }
    started.push(
        () -> {
          store.close();
          LOG.info(() -> "event=evidence_closed db=" + db);
        });
    LOG.info(() -> "event=evidence_opened db=" + db);
    List<Output> all = new ArrayList<>();
    all.add(Output.of(store, store));
    all.addAll(others);
    Outputs out = new Outputs(all);

    // 2. window service, journalled under the state dir. Each step is committed to the chain before
    // it is journalled, and the journal is checked against the chain (and the quorum rules) here:
    // a line written while the daemon was stopped opens no window.
    Path journalFile = stateDir.resolve("windows.jsonl");
    EvidenceSink committed =
        export.facts(
            r -> {
              store.append(r);
              store.flush();
            });
    ChainWitness chain = ChainWitness.read(db, Set.of("window_event"));
    windows =
        JournaledWindowService.forSite(
            site,
            new JsonLinesWindowJournal(journalFile),
            committed,
            chain::holds,
            chain.records(),
            clock);
    for (JournalAudit.Refusal r : windows.refused()) {
      LOG.severe(
          () ->
              "event=journal_line_refused journal="
                  + journalFile
                  + " line="
                  + r.line()
                  + " window="
                  + r.window()
                  + " why=\""
                  + r.why().replace('"', '\'')
                  + "\"");
      out.onNotice(r.notice(Window.nanosOf(clock.instant()), journalFile.toString()));
    }
    LOG.info(() -> "event=windows_loaded count=" + windows.snapshot().size());
    enforced = windows::snapshot;
    if (site.windows().fromHub() != null) {
      // Windows are approved at the hub: the local journal stays (its past steps are evidence)
      // but no longer decides; the hub's signed records, checked against this site's quorum, do.
      io.vigie.config.WindowsConfig.FromHub fh = site.windows().fromHub();
      io.vigie.windowfeed.HubWindowFeed feed =
          io.vigie.windowfeed.HubWindowFeed.start(fh, configDir, site.approval(), clock, out);
      hubWindows = feed;
      started.push(feed::close);
      enforced = feed;
      LOG.info(
          () ->
              "event=windows_from_hub topic="
                  + fh.topic()
                  + " grace_seconds="
                  + fh.revocationGraceSeconds());
    }
    java.util.function.Supplier<io.vigie.policy.WindowSet> enforcedWindows = enforced;

    reloads.follow(windows::siteDevices);

    // 3. the pipelines: one per capture thread (flow table, PolicyStage, NoticeFilter are not
    // shared); the gate is built here (bound later) because they check sessions against its relays.
    gate =
        site.gate() == null
            ? null
            : new GateServer(
                site.gate(),
                enforcedWindows,
                new GateEvents(store, out, Duration.ofSeconds(site.gate().refusalNoticeSeconds())),
                metrics.gate(),
                clock);
    PipelineBuilder pipelines =
        new PipelineBuilder(site, enforcedWindows)
            .recorder(store.recorder())
            .evidence(store)
            .files(store.images())
            .output(out);
    if (gate != null) {
      pipelines.relayedBy(gate.sessions());
    }
    CaptureConfig cap = site.capture();
    List<PacketSource> sources = new ArrayList<>();
    started.push(() -> sources.forEach(PacketSource::close));
    if (cap.replay()) {
      Path file = configDir.resolve(cap.file());
      sources.add(PcapFileSource.open(file));
    } else {
      for (String iface : cap.interfaces()) {
        // Opened here, before anything listens, so a missing interface fails the start.
        sources.add(
            LiveSource.open(
                new CaptureOptions(
                    iface,
                    cap.filter(),
                    cap.snaplen(),
                    cap.bufferBytes(),
                    cap.promiscuous(),
                    100,
                    false)));
      }
    }
    for (PacketSource src : sources) {
      Pipeline p = pipelines.build();
      reloads.attach(p);
      captures.add(new CaptureLoop(src, !cap.replay(), p, clock));
    }

    // 4. metrics server (with /healthz)
    metrics.watchCapture(() -> captures.stream().map(CaptureLoop::stats).toList());
    metrics.watchFlows(() -> captures.stream().mapToLong(CaptureLoop::activeFlows).sum());
    metrics.watchEvidence(evidenceGauge);
    metrics.watchWindows(this::windowsByState);
    if (hubWindows != null) {
      metrics.watchHubWindows(this::hubWindowsState);
    }
    metrics.watchJvm();
    KnownVulnerabilities vulnerabilities = advisories(site, metrics);
    CameraGauge cameraGauge = new CameraGauge(metrics.onvifPollErrors(), vulnerabilities);
    if (!site.cameras().isEmpty()) {
      metrics.watchCameras(cameraGauge);
    }
    if (site.ntp().enabled()) {
      NtpOffsetProbe probe = NtpOffsetProbe.from(site.ntp(), clock);
      metrics.watchClock(probe::status);
      probe.start();
      started.push(probe::close);
    }
    metricsServer = MetricsServer.start(site.metrics().address(), registry);
    started.push(metricsServer::close);
    metricsServer.handle(
        "/healthz", new HealthEndpoint(() -> captures, evidenceGauge, () -> cameraLoop, reloads));
    LOG.info(() -> "event=metrics_listening address=" + hostPort(metricsServer.address()));

    // 5. API, with the baseline review routes and the web page. The baseline in effect is the
    // accepted one in the
    // state dir when it is newer than the config's (BaselineFile.newest); built here, before the
    // API, so an approval reaches the camera watch.
    BaselineHolder baselines =
        new BaselineHolder(startingBaseline(site, stateDir, db, out), committed);
    if (site.api() != null) {
      // The baseline journal is checked against the chain as the window journal is: a forged or
      // edited line is refused and its proposal closed, so it never counts as an approval.
      Path baselineJournal = stateDir.resolve("baselines.jsonl");
      BaselineApprovals approvals =
          new BaselineApprovals(
              baselineJournal,
              stateDir.resolve(ACCEPTED_BASELINE),
              baselines,
              committed,
              ChainWitness.read(db, Set.of("baseline"))::holds,
              clock);
      for (BaselineApprovals.Refusal r : approvals.refused()) {
        LOG.severe(
            () ->
                "event=journal_line_refused journal="
                    + baselineJournal
                    + " line="
                    + r.line()
                    + " baseline_proposal="
                    + r.id()
                    + " why=\""
                    + r.why().replace('"', '\'')
                    + "\"");
        out.onNotice(r.notice(Window.nanosOf(clock.instant()), baselineJournal));
      }
      ApiConfig apiConfig = site.api().resolvedAgainst(configDir);
      // The API and the web page decide through the journaled service; people are told of each
      // step afterwards, from the vigie-notify thread.
      WindowService served = windows;
      NotificationsConfig nc = apiConfig.notifications();
      if (nc != null) {
        Notifications n =
            Notifications.start(
                nc,
                mailer,
                nc.webhook() == null ? null : new JsonWebhook(nc.webhook().url()),
                windows,
                clock,
                java.time.ZoneId.of(apiConfig.timeZone()),
                Duration.ofSeconds(5),
                Duration.ofMinutes(5),
                metrics.notifications());
        metrics.watchNotificationQueue(() -> n.notifier().queued());
        notifications = n;
        started.push(
            () -> {
              notifications = null;
              n.close();
            });
        served = n.windows();
      }
      if (hubWindows != null) {
        // Local steps are refused with a message that sends people to the hub.
        served = new io.vigie.windowfeed.HubOnlyWindowService(hubWindows);
      }
      // The web page for approvers and reviewers shares the API's port, tokens and roles, and the
      // ledger of refusals and login throttle, so one source's abuse of both is counted together.
      AbuseGuard guard = AbuseGuard.of(apiConfig.appLimits(), store, out, clock);
      // People of the city's directory log in to both with their password.
      DirectoryLogin logins = new DirectoryLogin(directory, guard, store, clock);
      WebUi ui =
          new WebUi(
              apiConfig,
              served,
              store.paths().db(),
              store.paths().sliceDir(),
              captureView(cap.replay()),
              store,
              clock,
              guard,
              logins,
              SiteNames.of(site, SiteNames.DEFAULT_ZONE));
      List<Route> extra = new ArrayList<>(new BaselineRoutes(approvals).routes(site.api()));
      extra.addAll(new LegalHoldRoutes(LegalHoldBook.over(db, committed, clock)).routes());
      extra.addAll(ui.routes());
      extra.addAll(new AdminRoutes(reloads.forApi()).routes());
      ApiServer server =
          new ApiServer(
              apiConfig, served, recent, store, clock, extra, guard, metrics.api(), logins);
      server.start();
      api = server;
      started.push(server::close);
      LOG.info(
          () ->
              "event=api_listening address=" + hostPort(server.address()) + " tls=" + server.tls());
    }

    // 5b. the gate in front of the vendor's remote access
    if (gate != null) {
      GateServer g = gate;
      g.start();
      started.push(g::close);
      LOG.info(() -> "event=gate_listening listeners=" + site.gate().listeners().size());
    }

    // 6. camera watch
    if (!site.cameras().isEmpty()) {
      startCameraWatch(site, export.facts(store), out, cameraGauge, baselines, vulnerabilities);
    }

    // 7. control socket (reload), then the capture threads last: everything they feed is up.
    ControlSocket control = ControlSocket.start(stateDir, reloads::command);
    started.push(control::close);
    for (CaptureLoop c : captures) {
      c.start();
    }
    // Each loop ends its flows and closes its source on its own thread.
    started.push(
        () -> {
          for (CaptureLoop c : captures) {
            c.stop();
          }
        });
    sources.clear();
    reloads.running();
    LOG.info(
        () ->
            "event=started config="
                + configFile
                + " capture="
                + (cap.replay() ? "file:" + cap.file() : String.join(",", cap.interfaces())));
  }

  /** The captures for the web page: a replayed file is viewed in its event time. */
  private io.vigie.metrics.CaptureView captureView(boolean fromFiles) {
    return new io.vigie.metrics.CaptureView() {
      @Override
      public List<io.vigie.metrics.InterfaceStats> interfaces() {
        return captures.stream().map(CaptureLoop::stats).toList();
      }

      @Override
      public boolean fromFiles() {
        return fromFiles;
      }
    };
  }

  private static SiteStamp stamp(SiteConfig site) {
    return new SiteStamp(site.site().name(), site.site().tags());
  }

  /**
   * Starts {@code outputs}: log files and Kafka behind one {@link ExportOutput}, syslog on notices.
   * Started before the evidence store and so stopped after it: its closing checkpoint is exported.
   */
  private ExportOutput startExports(
      SiteConfig site, Path stateDir, List<Output> others, VigieMetrics metrics)
      throws IOException {
    OutputsConfig oc = site.outputs();
    List<ExportSink> sinks = new ArrayList<>();
    if (oc.files() != null) {
      LogFiles files = new LogFiles(configDir.resolve(oc.files().dir()), oc.files(), clock);
      started.push(files::close);
      sinks.add(files);
      metrics.watchLogFiles(files::failed);
      LOG.info(() -> "event=log_files_opened dir=" + files.dir());
    }
    if (oc.kafka() != null) {
      OutputsConfig.KafkaOutput k = oc.kafka();
      Path spool =
          k.spoolDir() != null ? configDir.resolve(k.spoolDir()) : stateDir.resolve("kafka-spool");
      String client =
          "vigie-"
              + (site.site().name() == null ? "unnamed" : site.site().name())
                  .replaceAll("[^A-Za-z0-9._-]", "_");
      KafkaExport exp = new KafkaExport(k, spool, new KafkaClientPublisher(k, configDir, client));
      started.push(exp::close);
      sinks.add(exp);
      kafka = exp;
      metrics.watchKafka(exp::stats);
      LOG.info(
          () ->
              "event=kafka_output_started servers="
                  + String.join(",", k.bootstrapServers())
                  + " prefix="
                  + k.topicPrefix()
                  + " spool="
                  + spool);
    }
    if (oc.syslog() != null) {
      String host =
          site.site().name() != null
              ? site.site().name()
              : java.net.InetAddress.getLocalHost().getHostName();
      SyslogSender syslog = new SyslogSender(oc.syslog(), stamp(site), host, configDir);
      started.push(syslog::close);
      others.add(Output.of(s -> {}, syslog));
    }
    ExportOutput export = new ExportOutput(stamp(site), sinks);
    if (!sinks.isEmpty()) {
      others.add(export);
    }
    return export;
  }

  /**
   * The newest of the configured and the accepted baseline, if the chain holds its acceptance by
   * two approvers; else the last accepted one, with a critical notice (see AcceptedBaseline).
   */
  private Baseline startingBaseline(SiteConfig site, Path stateDir, Path db, NoticeSink notices)
      throws IOException {
    try {
      AcceptedBaseline.Choice c =
          AcceptedBaseline.choose(
              site.baseline() == null ? null : configDir.resolve(site.baseline()),
              stateDir.resolve(ACCEPTED_BASELINE),
              stateDir.resolve("baselines.jsonl"),
              ChainWitness.read(db, Set.of("baseline")).records(),
              Window.nanosOf(clock.instant()));
      for (Notice n : c.notices()) {
        LOG.severe(() -> "event=baseline_refused message=\"" + n.msg().replace('"', '\'') + "\"");
        notices.onNotice(n);
      }
      return c.baseline();
    } catch (BaselineFile.BadBaseline e) {
      throw new IOException("baseline: " + e.getMessage(), e);
    }
  }

  private void startCameraWatch(
      SiteConfig site,
      EvidenceSink store,
      NoticeSink out,
      CameraGauge gauge,
      BaselineHolder baselines,
      KnownVulnerabilities vulnerabilities)
      throws IOException {
    PrivacyClassifier classifier = PrivacyClassifier.withDefaults(site.privacyClasses());
    FleetPoller fleet =
        io.vigie.firmware.vendor.Drivers.fleet(site.onvif(), clock, classifier, gauge);
    started.push(fleet::close);
    ExpectedChanges expected =
        (change, ts) ->
            enforced
                .get()
                .windowExpecting(toPolicy(change), Instant.ofEpochSecond(0, ts))
                .map(Window::id);
    // Camera notices are in wall time; their own filter keeps one per id per interval.
    NoticeSink cameraNotices = new NoticeFilter(PipelineBuilder.NOTICE_SUPPRESSION, 10_000, out);
    CameraWatch watch =
        new CameraWatch(
            fleet,
            new ChangeDetector(classifier, expected),
            baselines,
            cameraNotices,
            store,
            vulnerabilities);
    List<CameraTarget> targets =
        site.cameras().stream().map(c -> CameraTarget.of(c, configDir)).toList();
    CameraWatchLoop loop =
        new CameraWatchLoop(
            watch,
            targets,
            Duration.ofSeconds(site.onvif().pollIntervalSeconds()),
            why ->
                LOG.warning(
                    () -> "event=camera_round_failed error=\"" + why.replace('"', '\'') + "\""));
    loop.start();
    cameraLoop = loop;
    started.push(loop::close);
    LOG.info(
        () ->
            "event=camera_watch_started cameras="
                + targets.size()
                + " interval_s="
                + site.onvif().pollIntervalSeconds()
                + " baseline="
                + baselines.current().isPresent());
  }

  /**
   * The city's CSAF advisories ({@code advisories.csaf_dir}), read once at start; a file that does
   * not load is logged by name and counted ({@code vigie_camera_advisories{state="failed"}}), the
   * others are used. A missing directory stops the start: the config names it.
   */
  private KnownVulnerabilities advisories(SiteConfig site, VigieMetrics metrics)
      throws IOException {
    if (!site.advisories().enabled()) {
      return KnownVulnerabilities.NONE;
    }
    Path dir = configDir.resolve(site.advisories().csafDir());
    AdvisoryLibrary.Loaded l;
    try {
      l = AdvisoryLibrary.load(dir, site.advisories().maxFileBytes());
    } catch (IOException e) {
      throw new IOException("advisories.csaf_dir: " + e.getMessage(), e);
    }
    for (String e : l.errors()) {
      LOG.warning(() -> "event=advisory_not_loaded error=\"" + e.replace('"', '\'') + "\"");
    }
    metrics.advisories(l.advisories().size(), l.errors().size());
    LOG.info(
        () ->
            "event=advisories_loaded dir="
                + dir
                + " loaded="
                + l.advisories().size()
                + " failed="
                + l.errors().size());
    return l.matcher();
  }

  private static CameraChange toPolicy(io.vigie.firmware.CameraChange c) {
    boolean firmware = "firmware".equals(c.kind());
    return new CameraChange(
        c.camera(),
        firmware ? c.firmwareVersion() : null,
        firmware ? c.imageHash() : null,
        c.moduleType() == null ? List.of() : List.of(c.moduleType()));
  }

  private Map<String, Long> windowsByState() {
    Map<String, Long> out = new TreeMap<>();
    java.util.function.Supplier<io.vigie.policy.WindowSet> w = enforced;
    if (w == null) {
      return out;
    }
    Instant now = clock.instant();
    for (Window win : w.get().all()) {
      out.merge(win.stateAt(now).name().toLowerCase(), 1L, Long::sum);
    }
    return out;
  }

  private io.vigie.metrics.HubWindowsState hubWindowsState() {
    io.vigie.windowfeed.HubWindows h = hubWindows.windows();
    Map<String, Long> ignored = new TreeMap<>();
    h.ignored().forEach((reason, n) -> ignored.put(reason.wireName(), n));
    Instant heard = h.lastHeard();
    return new io.vigie.metrics.HubWindowsState(
        h.published().size(),
        h.accepted(),
        h.heartbeats(),
        ignored,
        h.stale(),
        heard == null ? Double.NaN : seconds(heard),
        seconds(clock.instant()));
  }

  private static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  /**
   * Reads the config file again and applies it whole, or refuses it and keeps the running one
   * ({@link ConfigReload}).
   */
  public ConfigReload.Result reload() {
    return reloads.reload();
  }

  /** The config in effect (the last one applied). */
  public SiteConfig config() {
    return reloads.config();
  }

  /** Where {@code /metrics} and {@code /healthz} are served. */
  public InetSocketAddress metricsAddress() {
    return metricsServer.address();
  }

  /** Where the API listens, when the config has an {@code api} section. */
  public Optional<InetSocketAddress> apiAddress() {
    return Optional.ofNullable(api).map(ApiServer::address);
  }

  /** Where a gate listener is bound, when the config has a {@code gate} section. */
  public Optional<InetSocketAddress> gateAddress(String listener) {
    return Optional.ofNullable(gate).map(g -> g.address(listener));
  }

  /** Replay mode: waits until the file was read to its end and its flows were reported. */
  public boolean awaitCaptureFinished(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (CaptureLoop c : captures) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      if (!c.awaitFinished(left)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Stops everything in the reverse order of start. Each step runs even if an earlier one failed;
   * failures are logged. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    reloads.stopping();
    LOG.info("event=stopping");
    while (!started.isEmpty()) {
      Stop s = started.pop();
      try {
        s.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warning("event=stop_interrupted");
      } catch (Exception e) {
        LOG.log(Level.SEVERE, "event=stop_step_failed error=\"" + e.getMessage() + "\"", e);
      }
    }
    LOG.info("event=stopped");
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
