--liquibase formatted sql

--changeset custody:001-tables splitStatements:false
CREATE SCHEMA IF NOT EXISTS ${schema};

-- One row per record. "record" is the stored line exactly as hashed: reads return it byte for byte.
-- Every other column is an index of it (payload as jsonb reorders keys: never rebuild a record from it).
CREATE TABLE ${schema}.audit_records (
    namespace     text        NOT NULL,
    tenant        text        NOT NULL,
    seq           bigint      NOT NULL,
    id            uuid        NOT NULL,
    record_hash   text        NOT NULL,
    prev_hash     text        NOT NULL,
    recorded_at   timestamptz NOT NULL,
    occurred_at   text,
    kind          text        NOT NULL,
    action        text        NOT NULL,
    actor_type    text        NOT NULL,
    actor_id      text        NOT NULL,
    resource_type text,
    resource_id   text,
    subject_id    text,
    outcome       text        NOT NULL,
    payload       jsonb,
    record        text        NOT NULL,
    PRIMARY KEY (namespace, tenant, seq, recorded_at)
) PARTITION BY RANGE (recorded_at);

-- one index per query filter of the API, each ending in seq for keyset pagination
CREATE INDEX audit_records_time_idx     ON ${schema}.audit_records (namespace, tenant, recorded_at);
CREATE INDEX audit_records_kind_idx     ON ${schema}.audit_records (namespace, tenant, kind, seq);
CREATE INDEX audit_records_action_idx   ON ${schema}.audit_records (namespace, tenant, action, seq);
CREATE INDEX audit_records_actor_idx    ON ${schema}.audit_records (namespace, tenant, actor_id, seq);
CREATE INDEX audit_records_restype_idx  ON ${schema}.audit_records (namespace, tenant, resource_type, seq);
CREATE INDEX audit_records_resid_idx    ON ${schema}.audit_records (namespace, tenant, resource_id, seq);
CREATE INDEX audit_records_subject_idx  ON ${schema}.audit_records (namespace, tenant, subject_id, seq);
CREATE INDEX audit_records_outcome_idx  ON ${schema}.audit_records (namespace, tenant, outcome, seq);
CREATE INDEX audit_records_id_idx       ON ${schema}.audit_records (id);

-- The tip of every chain. A conditional append moves it in the same transaction as the insert:
-- UPDATE ... WHERE seq = expected AND record_hash = expected, or INSERT ... ON CONFLICT DO NOTHING.
CREATE TABLE ${schema}.chain_heads (
    namespace   text        NOT NULL,
    tenant      text        NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    record_hash text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (namespace, tenant)
);

-- Legal holds: while a row covers a chain (tenant NULL = every tenant of the namespace), nothing of it
-- may be purged.
CREATE TABLE ${schema}.legal_holds (
    id         bigserial   PRIMARY KEY,
    namespace  text        NOT NULL,
    tenant     text,
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legal_holds_chain_idx ON ${schema}.legal_holds (namespace, tenant);
