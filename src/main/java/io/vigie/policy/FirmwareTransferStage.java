package io.vigie.policy;

import io.vigie.config.CertifiedImage;
import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import io.vigie.firmware.CertifiedImages;
import io.vigie.flow.Session;
import io.vigie.flow.SessionSink;
import io.vigie.net.App;
import io.vigie.notice.NoticeIds;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.NoticeType;
import io.vigie.notice.Severity;
import io.vigie.protocol.FileDetails;
import io.vigie.protocol.FtpDetails;
import io.vigie.protocol.HttpDetails;
import io.vigie.protocol.TftpDetails;
import io.vigie.site.SiteView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pipeline stage after policy: a file that reached a video device on the wire (HTTP POST or PUT
 * body, TFTP write, FTP STOR, hashed by the protocol trackers) or a large scp/sftp push to one
 * becomes a {@code firmware_transfer} notice and a {@code firmware_image} evidence record. Every
 * session is passed on unchanged.
 *
 * <pre>{@code
 * SessionSink stage = new FirmwareTransferStage(site, CertifiedImages.of(config.certifiedImages()),
 *     () -> windowSet, notices, evidence, sessionOut);
 * }</pre>
 *
 * <table>
 * <caption>Severity</caption>
 * <tr><td>info</td><td>certified image that an active approved window expects on this camera</td></tr>
 * <tr><td>warning</td><td>certified image no window expects; an scp/sftp push in an authorised session</td></tr>
 * <tr><td>high</td><td>image not certified; an scp/sftp push outside any window</td></tr>
 * </table>
 *
 * <p>Only files a video device <em>receives</em> are reported: a file a camera sends out is not a
 * firmware push (its egress is policy's {@code phone_home} business). A window never mutes the
 * notice: an expected image is still reported, at info, with the window's ID.
 *
 * <p>Runs on the pipeline thread, once per finished session; not thread-safe.
 */
public final class FirmwareTransferStage implements SessionSink {
  /** The catalogue's wire name of the notices raised here. */
  public static final String NOTE = NoticeType.FIRMWARE_TRANSFER.wireName();

  public static final String EVIDENCE_KIND = "firmware_image";

  /**
   * Smallest scp/sftp push worth a notice: firmware images are megabytes, shell sessions kilobytes.
   */
  public static final long DEFAULT_SSH_PUSH_BYTES = 1 << 20;

  private final SiteView site;
  private final CertifiedImages certified;
  private final Supplier<WindowSet> windows;
  private final NoticeSink notices;
  private final EvidenceSink evidence;
  private final SessionSink next;
  private final long sshPushBytes;

  public FirmwareTransferStage(
      SiteView site,
      CertifiedImages certified,
      Supplier<WindowSet> windows,
      NoticeSink notices,
      EvidenceSink evidence,
      SessionSink next) {
    this(site, certified, windows, notices, evidence, next, DEFAULT_SSH_PUSH_BYTES);
  }

  /**
   * @param sshPushBytes an ssh session is a push when its originator sent more than this
   */
  public FirmwareTransferStage(
      SiteView site,
      CertifiedImages certified,
      Supplier<WindowSet> windows,
      NoticeSink notices,
      EvidenceSink evidence,
      SessionSink next,
      long sshPushBytes) {
    this.site = site;
    this.certified = certified;
    this.windows = windows;
    this.notices = notices;
    this.evidence = evidence;
    this.next = next;
    this.sshPushBytes = sshPushBytes;
  }

  @Override
  public void onSession(Session s) {
    if (s.details().get(FileDetails.KIND).sha256() != null) {
      boolean origSent = originatorSent(s);
      String receiver = origSent ? s.respH() : s.origH();
      if (isVideoDevice(receiver)) {
        fileTransfer(s, receiver);
      }
    } else if (s.app() == App.SSH
        && s.origBytes() > sshPushBytes
        && isVideoDevice(s.respH())
        && !site.inVideoNetwork(s.origH())) {
      sshPush(s);
    }
    next.onSession(s);
  }

  /**
   * Which end sent the file. The trackers' {@code fileUpload} means "a put" (client to server) for
   * TFTP and FTP, whichever end originated the transfer flow: a TFTP transfer flow is originated by
   * the server's new port, an active-mode FTP data connection by the server. A transfer is one-way,
   * so the byte counts say who sent it; only when both ends sent as much as the file (an HTTP
   * request and a large answer) is the flag taken as it is, which for HTTP is right.
   */
  static boolean originatorSent(Session s) {
    FileDetails file = s.details().get(FileDetails.KIND);
    boolean orig = s.origBytes() >= file.size();
    boolean resp = s.respBytes() >= file.size();
    return orig != resp ? orig : file.upload();
  }

  private boolean isVideoDevice(String address) {
    return site.device(address).isPresent() || site.inVideoNetwork(address);
  }

  private String cameraName(String address) {
    return site.device(address).map(SiteView.DeviceRef::name).orElse(address);
  }

  private void fileTransfer(Session s, String receiver) {
    FileDetails d = s.details().get(FileDetails.KIND);
    String camera = cameraName(receiver);
    String sha = d.sha256();
    String file = fileName(s);
    Optional<CertifiedImage> image = certified.find(sha);
    Optional<Window> expecting =
        image.flatMap(
            i ->
                windows
                    .get()
                    .windowExpecting(
                        new CameraChange(camera, i.version(), sha, List.of()),
                        Instant.ofEpochSecond(0, s.startNanos())));
    Severity severity =
        image.isEmpty() ? Severity.HIGH : expecting.isPresent() ? Severity.INFO : Severity.WARNING;
    String window = expecting.map(Window::id).orElse(s.window());
    StringBuilder msg = new StringBuilder();
    msg.append(file == null ? "a file" : file)
        .append(" (")
        .append(d.size())
        .append(" bytes, sha256 ")
        .append(sha)
        .append(") sent to ")
        .append(camera)
        .append(" from ")
        .append(describe(s, originatorSent(s)))
        .append(" over ")
        .append(s.app().wireName())
        .append(": ");
    if (image.isPresent()) {
      CertifiedImage i = image.get();
      msg.append("certified image")
          .append(i.model() == null ? "" : " for " + i.model())
          .append(i.version() == null ? "" : " " + i.version());
      msg.append(
          expecting.map(w -> ", expected by window " + w.id()).orElse(", expected by no window"));
    } else {
      msg.append("NOT a certified image");
      msg.append(
          s.window() == null
              ? ", outside any window"
              : ", in window " + s.window() + " which does not expect it");
    }
    String id = NoticeIds.of(NOTE, camera, sha, s.communityId());
    notices.onNotice(
        NoticeType.FIRMWARE_TRANSFER.notice(
            s.startNanos(), severity, id, s.communityId(), msg.toString(), window, camera));
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("sha256", sha);
    f.put("size", d.size());
    putIfSet(f, "file", file);
    f.put("camera", camera);
    f.put("certified", image.isPresent());
    putIfSet(f, "window", window);
    f.put("expected", expecting.isPresent());
    putIfSet(f, "community_id", s.communityId());
    f.put("app", s.app().wireName());
    f.put("severity", severity.wireName());
    evidence.append(new EvidenceRecord(EVIDENCE_KIND, s.startNanos(), camera, f));
  }

  private void sshPush(Session s) {
    String camera = cameraName(s.respH());
    boolean authorised = Verdicts.AUTHORISED.equals(s.verdict());
    Severity severity = authorised ? Severity.WARNING : Severity.HIGH;
    String msg =
        s.origBytes()
            + " bytes pushed to "
            + camera
            + " from "
            + describe(s, true)
            + " over ssh (scp/sftp: content encrypted, not verifiable)"
            + (authorised
                ? ", in window " + s.window()
                : s.window() == null
                    ? ", outside any window"
                    : ", not authorised by window " + s.window());
    String id = NoticeIds.of(NOTE, camera, "ssh", s.communityId());
    notices.onNotice(
        NoticeType.FIRMWARE_TRANSFER.notice(
            s.startNanos(), severity, id, s.communityId(), msg, s.window(), camera));
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("size", s.origBytes());
    f.put("camera", camera);
    f.put("certified", false);
    f.put("encrypted", true);
    putIfSet(f, "window", s.window());
    putIfSet(f, "community_id", s.communityId());
    f.put("app", s.app().wireName());
    f.put("severity", severity.wireName());
    evidence.append(new EvidenceRecord(EVIDENCE_KIND, s.startNanos(), camera, f));
  }

  /** The sender: its inventory or learnt name when known, with its address. */
  private String describe(Session s, boolean originatorSent) {
    String addr = originatorSent ? s.origH() : s.respH();
    String name = originatorSent ? s.origName() : s.respName();
    if (name == null) {
      name = site.nameOf(addr).orElse(null);
    }
    return name == null || name.isEmpty() ? addr : name + " (" + addr + ")";
  }

  /** The file's name as the protocol gave it: TFTP file, last FTP file, else the HTTP URI. */
  static String fileName(Session s) {
    String tftpFile = s.details().get(TftpDetails.KIND).file();
    if (tftpFile != null) {
      return tftpFile;
    }
    List<String> ftpFiles = s.details().get(FtpDetails.KIND).files();
    if (!ftpFiles.isEmpty()) {
      return ftpFiles.get(ftpFiles.size() - 1);
    }
    return s.details().get(HttpDetails.KIND).uri();
  }

  private static void putIfSet(Map<String, Object> f, String key, Object value) {
    if (value != null) {
      f.put(key, value);
    }
  }
}
