--liquibase formatted sql

--changeset custody:006-custody-and-restore splitStatements:false
-- Custody transitions of whole seq ranges (archive, restore); the per-event entries are computed from a row and
-- the records it covers (ADR 0053). Append-only like audit_records.
CREATE TABLE ${schema}.custody_log (
    id           bigserial   PRIMARY KEY,
    namespace    text        NOT NULL,
    tenant       text        NOT NULL,
    first_seq    bigint      NOT NULL CHECK (first_seq > 0),
    last_seq     bigint      NOT NULL CHECK (last_seq >= first_seq),
    stage        text        NOT NULL CHECK (stage IN ('archive', 'restore')),
    ts           timestamptz NOT NULL,
    location     text        NOT NULL,
    actor        text        NOT NULL,
    records_root text        NOT NULL,
    hash         text        NOT NULL,
    UNIQUE (namespace, tenant, stage, hash)
);
CREATE INDEX custody_log_chain_idx ON ${schema}.custody_log (namespace, tenant, first_seq, last_seq);

-- Records brought back from a cold archive for querying, exactly as stored and hashed (ADR 0054).
CREATE TABLE ${schema}.restored_records (
    namespace     text        NOT NULL,
    tenant        text        NOT NULL,
    seq           bigint      NOT NULL,
    id            uuid        NOT NULL,
    prev_hash     text        NOT NULL,
    record_hash   text        NOT NULL,
    recorded_at   timestamptz NOT NULL,
    kind          text        NOT NULL,
    action        text        NOT NULL,
    actor_type    text        NOT NULL,
    actor_id      text        NOT NULL,
    resource_type text,
    resource_id   text,
    outcome       text        NOT NULL,
    subject_id    text,
    record        text        NOT NULL,
    restored_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, tenant, seq)
);
CREATE INDEX restored_records_id_idx ON ${schema}.restored_records (id);

CREATE FUNCTION ${schema}.reject_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER custody_log_append_only BEFORE UPDATE OR DELETE ON ${schema}.custody_log
    FOR EACH ROW EXECUTE FUNCTION ${schema}.reject_change();
CREATE TRIGGER custody_log_no_truncate BEFORE TRUNCATE ON ${schema}.custody_log
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.reject_change();
CREATE TRIGGER restored_records_append_only BEFORE UPDATE OR DELETE ON ${schema}.restored_records
    FOR EACH ROW EXECUTE FUNCTION ${schema}.reject_change();
CREATE TRIGGER restored_records_no_truncate BEFORE TRUNCATE ON ${schema}.restored_records
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.reject_change();

GRANT SELECT, INSERT ON ${schema}.custody_log, ${schema}.restored_records TO custody_app;
GRANT USAGE ON SEQUENCE ${schema}.custody_log_id_seq TO custody_app;
