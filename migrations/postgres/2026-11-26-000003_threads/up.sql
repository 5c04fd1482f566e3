-- Threads and comments. Rows are never deleted: deleting sets deleted_at (a marker; the text
-- is no longer shown) and editing appends a version, so earlier versions are kept.

CREATE TABLE threads (
    id BIGSERIAL PRIMARY KEY,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES accounts(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP,
    deleted_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    comment_count BIGINT NOT NULL DEFAULT 0,
    last_activity_at TIMESTAMP NOT NULL
);
CREATE INDEX threads_coop ON threads(coop_id, id);

CREATE TABLE thread_versions (
    id BIGSERIAL PRIMARY KEY,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    thread_id BIGINT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    editor_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    edited_at TIMESTAMP NOT NULL,
    UNIQUE (thread_id, version)
);

CREATE TABLE comments (
    id BIGSERIAL PRIMARY KEY,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    thread_id BIGINT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES accounts(id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP,
    deleted_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL
);
-- Keyset pagination: WHERE thread_id = ? AND id > ? ORDER BY id LIMIT n.
CREATE INDEX comments_thread ON comments(thread_id, id);

CREATE TABLE comment_versions (
    id BIGSERIAL PRIMARY KEY,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    comment_id BIGINT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    editor_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    edited_at TIMESTAMP NOT NULL,
    UNIQUE (comment_id, version)
);
