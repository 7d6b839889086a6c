package io.vigie.evidence;

import io.vigie.facts.EvidenceRecord;
import io.vigie.facts.EvidenceSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Placing and lifting legal holds: each is a record in the chain ({@code legal_hold}, {@code
 * legal_hold_released}, subject the case), committed before the caller is answered, and the holds
 * in force are read back from the chain, never from memory. Retention reads the same records
 * ({@link LegalHolds}).
 *
 * <pre>{@code
 * LegalHoldBook book = LegalHoldBook.over(db, committedSink, clock);
 * book.place("PV-2026-0412", "W-20261123-001", null, null, null, "j.reviewer", "requisition of 2026-11-30");
 * book.active();                                   // [Hold[caseId=PV-2026-0412, ...]]
 * book.release("PV-2026-0412", "j.reviewer", "procedure closed");
 * }</pre>
 */
public final class LegalHoldBook {
  /** A hold in force; null criteria match anything. */
  public record Hold(
      String caseId,
      String window,
      String device,
      Instant from,
      Instant to,
      String by,
      String reason,
      Instant at) {}

  /** Reads the chain's records of the given kinds, oldest first. */
  @FunctionalInterface
  public interface ChainReader {
    List<EvidenceRecord> read(Set<String> kinds) throws IOException;
  }

  private static final Set<String> KINDS = Set.of("legal_hold", "legal_hold_released");
  private static final int MAX_TEXT = 512;
  private final ChainReader chain;
  private final EvidenceSink committed;
  private final Clock clock;

  /**
   * @param committed a sink that has committed the record when it returns (the daemon's)
   */
  public LegalHoldBook(ChainReader chain, EvidenceSink committed, Clock clock) {
    this.chain = chain;
    this.committed = committed;
    this.clock = clock;
  }

  /** Over the store at {@code db}, read back through {@link ChainWitness}. */
  public static LegalHoldBook over(Path db, EvidenceSink committed, Clock clock) {
    return new LegalHoldBook(kinds -> ChainWitness.read(db, kinds).records(), committed, clock);
  }

  public synchronized List<Hold> active() throws IOException {
    Map<String, Hold> byCase = new LinkedHashMap<>();
    for (EvidenceRecord r : chain.read(KINDS)) {
      if (r.kind().equals("legal_hold_released")) {
        byCase.remove(r.subject());
        continue;
      }
      Map<String, Object> f = r.fields();
      byCase.put(
          r.subject(),
          new Hold(
              r.subject(),
              (String) f.get("window"),
              (String) f.get("device"),
              instant(f.get("from")),
              instant(f.get("to")),
              (String) f.get("by"),
              (String) f.get("reason"),
              Instant.ofEpochSecond(0, r.tsNanos())));
    }
    return List.copyOf(byCase.values());
  }

  public synchronized Optional<Hold> get(String caseId) throws IOException {
    return active().stream().filter(h -> h.caseId().equals(caseId)).findFirst();
  }

  /**
   * @throws IllegalArgumentException a missing case, reason or criterion, or a range that ends
   *     before it starts
   * @throws IllegalStateException the case is already under a hold
   */
  public synchronized Hold place(
      String caseId,
      String window,
      String device,
      Instant from,
      Instant to,
      String by,
      String reason)
      throws IOException {
    require("case", caseId);
    require("reason", reason);
    if (window == null && device == null && from == null && to == null) {
      throw new IllegalArgumentException(
          "a hold names a window, a device or a time range (from, to)");
    }
    if (from != null && to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("to (" + to + ") is not after from (" + from + ")");
    }
    if (get(caseId).isPresent()) {
      throw new IllegalStateException("case " + caseId + " is already under a legal hold");
    }
    Instant now = clock.instant();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("case", caseId);
    putIf(f, "window", window);
    putIf(f, "device", device);
    if (from != null) {
      f.put("from", nanos(from));
    }
    if (to != null) {
      f.put("to", nanos(to));
    }
    f.put("by", by);
    f.put("reason", reason);
    committed.append(new EvidenceRecord("legal_hold", nanos(now), caseId, f));
    return new Hold(caseId, window, device, from, to, by, reason, now);
  }

  /**
   * @throws java.util.NoSuchElementException no hold on that case
   */
  public synchronized void release(String caseId, String by, String reason) throws IOException {
    require("reason", reason);
    if (caseId == null || get(caseId).isEmpty()) {
      throw new java.util.NoSuchElementException("no legal hold on case " + caseId);
    }
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("case", caseId);
    f.put("by", by);
    f.put("reason", reason);
    committed.append(new EvidenceRecord("legal_hold_released", nanos(clock.instant()), caseId, f));
  }

  private static void require(String field, String v) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (v.length() > MAX_TEXT) {
      throw new IllegalArgumentException(field + " is longer than " + MAX_TEXT + " characters");
    }
  }

  private static void putIf(Map<String, Object> f, String k, String v) {
    if (v != null) {
      require(k, v);
      f.put(k, v);
    }
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  private static Instant instant(Object nanos) {
    return nanos instanceof Number n ? Instant.ofEpochSecond(0, n.longValue()) : null;
  }
}
