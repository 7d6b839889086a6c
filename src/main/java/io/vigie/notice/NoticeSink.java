package io.vigie.notice;

/** Where notices go: replay output, the evidence store, metrics. */
@FunctionalInterface
public interface NoticeSink {
  void onNotice(Notice notice);

  NoticeSink NONE = n -> {};
}
