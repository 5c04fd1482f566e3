-- Full-text search over what members read: thread titles and bodies, comments, proposals
-- (title, details) and outcome statements. Deleted posts are never in it; ballots (and so the
-- reasons given with secret ballots) are never in it.
--
-- The index is kept by triggers, not by the storage code: every write of a thread, comment or
-- proposal (forms, API, the demo, a restore, later code) updates it in the same transaction,
-- with no second path to forget. The FTS5 table's rowid is search_docs.id, which grows with
-- time, so "newest first" is the FTS5 index's own order (ORDER BY rowid DESC LIMIT n stops
-- early); search_docs finds an item's row by (kind, ref_id) and a thread's rows by thread_id.
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    coop_id BIGINT NOT NULL,
    thread_id BIGINT,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_thread ON search_docs (thread_id);

-- unicode61 with remove_diacritics 2: case- and accent-insensitive ("Résumé" = "resume"), no
-- stemming. kind, coop_id and ref_id are stored beside the text to filter without a join.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, kind UNINDEXED, coop_id UNINDEXED, ref_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_threads_insert AFTER INSERT ON threads WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO search_docs (kind, ref_id, coop_id, thread_id)
        VALUES ('thread', NEW.id, NEW.coop_id, NEW.id);
    INSERT INTO search_fts (rowid, title, body, kind, coop_id, ref_id)
        SELECT id, NEW.title, NEW.body, 'thread', NEW.coop_id, NEW.id FROM search_docs
        WHERE kind = 'thread' AND ref_id = NEW.id;
END;

CREATE TRIGGER search_threads_edit AFTER UPDATE OF title, body ON threads
    WHEN NEW.deleted_at IS NULL
BEGIN
    UPDATE search_fts SET title = NEW.title, body = NEW.body
        WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'thread' AND ref_id = NEW.id);
END;

-- A deleted thread takes its comments out of the index with it.
CREATE TRIGGER search_threads_delete AFTER UPDATE OF deleted_at ON threads
    WHEN NEW.deleted_at IS NOT NULL
BEGIN
    DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE thread_id = NEW.id);
    DELETE FROM search_docs WHERE thread_id = NEW.id;
END;

CREATE TRIGGER search_comments_insert AFTER INSERT ON comments WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO search_docs (kind, ref_id, coop_id, thread_id)
        VALUES ('comment', NEW.id, NEW.coop_id, NEW.thread_id);
    INSERT INTO search_fts (rowid, title, body, kind, coop_id, ref_id)
        SELECT id, '', NEW.body, 'comment', NEW.coop_id, NEW.id FROM search_docs
        WHERE kind = 'comment' AND ref_id = NEW.id;
END;

CREATE TRIGGER search_comments_edit AFTER UPDATE OF body ON comments
    WHEN NEW.deleted_at IS NULL
BEGIN
    UPDATE search_fts SET body = NEW.body
        WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'comment' AND ref_id = NEW.id);
END;

CREATE TRIGGER search_comments_delete AFTER UPDATE OF deleted_at ON comments
    WHEN NEW.deleted_at IS NOT NULL
BEGIN
    DELETE FROM search_fts
        WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'comment' AND ref_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'comment' AND ref_id = NEW.id;
END;

CREATE TRIGGER search_proposals_insert AFTER INSERT ON proposals
BEGIN
    INSERT INTO search_docs (kind, ref_id, coop_id) VALUES ('proposal', NEW.id, NEW.coop_id);
    INSERT INTO search_fts (rowid, title, body, kind, coop_id, ref_id)
        SELECT id, NEW.title, NEW.details, 'proposal', NEW.coop_id, NEW.id FROM search_docs
        WHERE kind = 'proposal' AND ref_id = NEW.id;
END;

CREATE TRIGGER search_proposals_edit AFTER UPDATE OF title, details ON proposals
BEGIN
    UPDATE search_fts SET title = NEW.title, body = NEW.details
        WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'proposal' AND ref_id = NEW.id);
END;

CREATE TRIGGER search_statements_insert AFTER INSERT ON proposals
    WHEN COALESCE(NEW.outcome_statement, '') <> ''
BEGIN
    INSERT INTO search_docs (kind, ref_id, coop_id) VALUES ('statement', NEW.id, NEW.coop_id);
    INSERT INTO search_fts (rowid, title, body, kind, coop_id, ref_id)
        SELECT id, '', NEW.outcome_statement, 'statement', NEW.coop_id, NEW.id FROM search_docs
        WHERE kind = 'statement' AND ref_id = NEW.id;
END;

-- A new or changed statement is news: it gets a new row (and so comes first).
CREATE TRIGGER search_statements_edit AFTER UPDATE OF outcome_statement ON proposals
    WHEN COALESCE(OLD.outcome_statement, '') IS NOT COALESCE(NEW.outcome_statement, '')
BEGIN
    DELETE FROM search_fts
        WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'statement' AND ref_id = NEW.id);
    DELETE FROM search_docs WHERE kind = 'statement' AND ref_id = NEW.id;
    INSERT INTO search_docs (kind, ref_id, coop_id)
        SELECT 'statement', NEW.id, NEW.coop_id WHERE COALESCE(NEW.outcome_statement, '') <> '';
    INSERT INTO search_fts (rowid, title, body, kind, coop_id, ref_id)
        SELECT id, '', NEW.outcome_statement, 'statement', NEW.coop_id, NEW.id FROM search_docs
        WHERE kind = 'statement' AND ref_id = NEW.id;
END;

-- Backfill, oldest first, so that row order is time order.
INSERT INTO search_docs (kind, ref_id, coop_id, thread_id)
SELECT kind, ref_id, coop_id, thread_id FROM (
    SELECT 'thread' AS kind, id AS ref_id, coop_id, id AS thread_id, created_at AS at
        FROM threads WHERE deleted_at IS NULL
    UNION ALL
    SELECT 'comment', c.id, c.coop_id, c.thread_id, c.created_at
        FROM comments c JOIN threads t ON t.id = c.thread_id
        WHERE c.deleted_at IS NULL AND t.deleted_at IS NULL
    UNION ALL
    SELECT 'proposal', id, coop_id, NULL, created_at FROM proposals
    UNION ALL
    SELECT 'statement', id, coop_id, NULL, COALESCE(closed_at, created_at) FROM proposals
        WHERE COALESCE(outcome_statement, '') <> ''
) ORDER BY at, ref_id;

INSERT INTO search_fts (rowid, title, body, kind, coop_id, ref_id)
SELECT d.id,
       CASE d.kind WHEN 'thread' THEN t.title WHEN 'proposal' THEN p.title ELSE '' END,
       CASE d.kind WHEN 'thread' THEN t.body WHEN 'comment' THEN c.body
                   WHEN 'proposal' THEN p.details ELSE p.outcome_statement END,
       d.kind, d.coop_id, d.ref_id
FROM search_docs d
LEFT JOIN threads t ON d.kind = 'thread' AND t.id = d.ref_id
LEFT JOIN comments c ON d.kind = 'comment' AND c.id = d.ref_id
LEFT JOIN proposals p ON d.kind IN ('proposal', 'statement') AND p.id = d.ref_id;
