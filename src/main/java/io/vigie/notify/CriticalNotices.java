package io.vigie.notify;

import io.vigie.notice.Notice;
import io.vigie.notice.NoticeSink;
import io.vigie.notice.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Critical notices as events to every role, linking to the security overview. It sits after the
 * pipeline's notice filter, so a burst of one kind is one mail per suppression interval; queueing
 * is all it does on the caller's thread.
 */
public final class CriticalNotices implements NoticeSink {
  private final Consumer<Event> out;
  private final Set<String> everyone;
  private final String link;

  public CriticalNotices(Consumer<Event> out, Set<String> everyone, String publicUrl) {
    this.out = out;
    this.everyone = Set.copyOf(everyone);
    this.link = publicUrl + "/ui/security";
  }

  @Override
  public void onNotice(Notice n) {
    if (n.severity() != Severity.CRITICAL) {
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.valueOf(n.msg()));
    lines.add("Notice " + n.note() + " (critical), id " + n.id() + ".");
    if (n.camera() != null) {
      lines.add("Camera: " + n.camera() + ".");
    }
    if (n.window() != null) {
      lines.add("Window: " + n.window() + ".");
    }
    out.accept(
        new Event(
            "critical_notice",
            "vigie: critical notice " + n.note(),
            lines,
            everyone,
            link,
            n.window()));
  }
}
