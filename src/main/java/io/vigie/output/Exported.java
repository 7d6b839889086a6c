package io.vigie.output;

/**
 * One record on its way out of vigie (log files, Kafka): its stream, its key (Community ID, notice
 * id, window id...) and its JSON object, spelt as {@code replay --json} spells it plus the site.
 *
 * @param json one JSON object in UTF-8, no line end
 */
public record Exported(Stream stream, String key, byte[] json) {
  /** What a record is; the names are the file names and topic suffixes. */
  public enum Stream {
    SESSIONS("sessions"),
    NOTICES("notices"),
    WINDOWS("windows"),
    CAMERAS("cameras"),
    CHECKPOINTS("checkpoints");

    private final String wireName;

    Stream(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /**
     * A session may be dropped when a spool is full; a notice, a checkpoint, a window or a camera
     * record never is.
     */
    public boolean expendable() {
      return this == SESSIONS;
    }
  }
}
