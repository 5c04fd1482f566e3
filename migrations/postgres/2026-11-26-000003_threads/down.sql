DROP TABLE comment_versions;
DROP TABLE comments;
DROP TABLE thread_versions;
DROP TABLE threads;
