-- Tollgate's decision log. One schema for SQLite and PostgreSQL: plain types both accept.

-- The end of the hash chain. Appending a record first updates this row, which serializes writers across
-- connections and service instances (a row lock in PostgreSQL, the write lock in SQLite).
CREATE TABLE chain_head (
    id   INTEGER     NOT NULL PRIMARY KEY,
    seq  BIGINT      NOT NULL,
    hash VARCHAR(64) NOT NULL
);
INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- One row per decision, in the order they were made. hash = SHA-256 over the row's content and prev_hash,
-- so changing, removing or reordering a row breaks the chain from there on.
CREATE TABLE decisions (
    seq             BIGINT           NOT NULL PRIMARY KEY,
    id              VARCHAR(40)      NOT NULL,
    decided_at      VARCHAR(40)      NOT NULL,
    decided_at_ms   BIGINT           NOT NULL,
    caller          VARCHAR(200)     NOT NULL,
    stack           VARCHAR(200)     NOT NULL,
    admission_uid   VARCHAR(200),
    request_sha256  VARCHAR(64),
    plan_sha256     VARCHAR(64)      NOT NULL,
    bundle_revision VARCHAR(80)      NOT NULL,
    allowed         BOOLEAN          NOT NULL,
    latency_ms      DOUBLE PRECISION NOT NULL,
    decision        TEXT             NOT NULL,
    prev_hash       VARCHAR(64)      NOT NULL,
    hash            VARCHAR(64)      NOT NULL
);
CREATE INDEX decisions_id ON decisions (id);
CREATE INDEX decisions_stack_time ON decisions (stack, decided_at_ms);
CREATE INDEX decisions_time ON decisions (decided_at_ms);
-- An admission uid is decided once; NULLs (plain /v1/evaluate calls) do not collide.
CREATE UNIQUE INDEX decisions_admission_uid ON decisions (admission_uid);

-- HMAC signatures already accepted, until their time window has passed: the same signature twice is a replay.
CREATE TABLE seen_signatures (
    signature  VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_ms BIGINT      NOT NULL
);
CREATE INDEX seen_signatures_expires ON seen_signatures (expires_ms);
