-- Full-text search over what members read: thread titles and bodies, comments, proposals
-- (title, details) and outcome statements. Deleted posts are never in it; ballots (and so the
-- reasons given with secret ballots) are never in it.
--
-- Two text search configurations, French and English stemming with accents removed first
-- (the `unaccent` dictionary, PostgreSQL's documented pattern): "Résumé" and "resume" meet.
-- A row is indexed with its co-op's language. When the extension cannot be created (a role
-- without the right), the configurations keep their accents and search still works.
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'collegia: extension unaccent unavailable (%); search stays accent-sensitive', SQLERRM;
    END;
    CREATE TEXT SEARCH CONFIGURATION collegia_fr (COPY = pg_catalog.french);
    CREATE TEXT SEARCH CONFIGURATION collegia_en (COPY = pg_catalog.english);
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        ALTER TEXT SEARCH CONFIGURATION collegia_fr
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        ALTER TEXT SEARCH CONFIGURATION collegia_en
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
END
$$;

-- The index is kept by triggers, not by the storage code: every write of a thread, comment or
-- proposal (forms, API, the demo, a restore, later code) updates it in the same transaction,
-- with no second path to forget. id grows with time: "newest first" is id DESC.
CREATE TABLE search_docs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    thread_id BIGINT,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tsv tsvector NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
CREATE INDEX search_docs_thread ON search_docs (thread_id);

-- Adds or replaces one item (its row keeps its place in time when it is edited).
CREATE FUNCTION search_put(p_kind TEXT, p_ref BIGINT, p_coop BIGINT, p_thread BIGINT,
                           p_title TEXT, p_body TEXT) RETURNS void AS $$
DECLARE
    l TEXT;
    cfg regconfig;
BEGIN
    SELECT CASE WHEN locale LIKE 'fr%' THEN 'fr' ELSE 'en' END INTO l FROM coops WHERE id = p_coop;
    cfg := CASE WHEN l = 'fr' THEN 'collegia_fr'::regconfig ELSE 'collegia_en'::regconfig END;
    INSERT INTO search_docs (kind, ref_id, coop_id, thread_id, lang, title, body, tsv)
    VALUES (p_kind, p_ref, p_coop, p_thread, COALESCE(l, 'en'), p_title, p_body,
            setweight(to_tsvector(cfg, p_title), 'A') || to_tsvector(cfg, p_body))
    ON CONFLICT (kind, ref_id) DO UPDATE
        SET title = EXCLUDED.title, body = EXCLUDED.body, tsv = EXCLUDED.tsv;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_threads_sync() RETURNS trigger AS $$
BEGIN
    IF NEW.deleted_at IS NOT NULL THEN
        -- A deleted thread takes its comments out of the index with it.
        DELETE FROM search_docs WHERE thread_id = NEW.id;
    ELSIF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
          OR NEW.body IS DISTINCT FROM OLD.body THEN
        PERFORM search_put('thread', NEW.id, NEW.coop_id, NEW.id, NEW.title, NEW.body);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_comments_sync() RETURNS trigger AS $$
BEGIN
    IF NEW.deleted_at IS NOT NULL THEN
        DELETE FROM search_docs WHERE kind = 'comment' AND ref_id = NEW.id;
    ELSIF TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body THEN
        PERFORM search_put('comment', NEW.id, NEW.coop_id, NEW.thread_id, '', NEW.body);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_proposals_sync() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
       OR NEW.details IS DISTINCT FROM OLD.details THEN
        PERFORM search_put('proposal', NEW.id, NEW.coop_id, NULL, NEW.title, NEW.details);
    END IF;
    IF TG_OP = 'INSERT'
       OR COALESCE(NEW.outcome_statement, '') IS DISTINCT FROM COALESCE(OLD.outcome_statement, '') THEN
        -- A new or changed statement is news: it gets a new row (and so comes first).
        DELETE FROM search_docs WHERE kind = 'statement' AND ref_id = NEW.id;
        IF COALESCE(NEW.outcome_statement, '') <> '' THEN
            PERFORM search_put('statement', NEW.id, NEW.coop_id, NULL, '', NEW.outcome_statement);
        END IF;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_threads AFTER INSERT OR UPDATE ON threads
    FOR EACH ROW EXECUTE FUNCTION search_threads_sync();
CREATE TRIGGER search_comments AFTER INSERT OR UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION search_comments_sync();
CREATE TRIGGER search_proposals AFTER INSERT OR UPDATE ON proposals
    FOR EACH ROW EXECUTE FUNCTION search_proposals_sync();

-- Backfill, oldest first, so that row order is time order.
SELECT search_put(kind, ref_id, coop_id, thread_id, title, body) FROM (
    SELECT 'thread' AS kind, id AS ref_id, coop_id, id AS thread_id, title, body,
           created_at AS at
        FROM threads WHERE deleted_at IS NULL
    UNION ALL
    SELECT 'comment', c.id, c.coop_id, c.thread_id, '', c.body, c.created_at
        FROM comments c JOIN threads t ON t.id = c.thread_id
        WHERE c.deleted_at IS NULL AND t.deleted_at IS NULL
    UNION ALL
    SELECT 'proposal', id, coop_id, NULL, title, details, created_at FROM proposals
    UNION ALL
    SELECT 'statement', id, coop_id, NULL, '', outcome_statement, COALESCE(closed_at, created_at)
        FROM proposals WHERE COALESCE(outcome_statement, '') <> ''
) AS items ORDER BY at, ref_id;
