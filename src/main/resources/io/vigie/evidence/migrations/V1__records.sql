-- One table holds every fact, chained: hash = SHA-256(prev + "\n" + canonical content), see
-- io.vigie.evidence.ChainHash. Ids are given by the writer (head + 1), never reused.
CREATE TABLE record (
  id      INTEGER PRIMARY KEY,
  kind    TEXT    NOT NULL,
  ts      INTEGER NOT NULL,   -- nanoseconds since the epoch (packet time in replay)
  subject TEXT,
  fields  TEXT    NOT NULL,   -- canonical JSON, sorted keys: exactly the bytes that were hashed
  prev    TEXT    NOT NULL,   -- hex SHA-256 of the previous record, 64 zeros for the first
  hash    TEXT    NOT NULL
);
CREATE INDEX record_ts ON record (ts);
CREATE INDEX record_kind ON record (kind, ts);

-- Append-only: an attacker with file access can drop these, which is why the chain and the
-- signed checkpoints exist; they stop honest mistakes and tools.
CREATE TRIGGER record_no_update BEFORE UPDATE ON record
BEGIN
  SELECT RAISE(ABORT, 'evidence is append-only: UPDATE refused');
END;
CREATE TRIGGER record_no_delete BEFORE DELETE ON record
BEGIN
  SELECT RAISE(ABORT, 'evidence is append-only: DELETE refused');
END;
