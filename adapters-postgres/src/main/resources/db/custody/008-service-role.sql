--liquibase formatted sql

--changeset custody:008-service-role splitStatements:false
-- What the service's roles may still do after this change set (ADR 0090, 0091, 0092): append at the head of a
-- chain, read, and record custody ranges and restored records only through functions that check them against the
-- chain. The compliance flag, the chain heads, custody_log and restored_records are written by nothing else.

-- 1. Only the schema owner sets the compliance flag (custody db migrate, or a service that migrates as the owner).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.compliance_settings FROM custody_app, custody_retention;

-- 2. A chain head moves only inside an INSERT into audit_records: the statement's records of each chain must be
-- head+1, head+2, ... each linked to the one before, and the head moves to the last of them in the same statement.
-- seq is therefore unique per chain across every month partition, for every role, and the service cannot move a
-- head by itself (it has no right on chain_heads but SELECT).
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.chain_heads FROM custody_app, custody_retention;

CREATE FUNCTION ${schema}.advance_chain_heads() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    c record;
    head text;
BEGIN
    FOR c IN
        SELECT x.namespace, x.tenant, count(*) AS n, min(x.seq) AS first_seq,
               bool_and(x.before_seq IS NULL OR (x.before_seq = x.seq - 1 AND x.prev_hash = x.before_hash)) AS linked,
               min(x.prev_hash) FILTER (WHERE x.before_seq IS NULL) AS first_prev,
               max(x.seq) AS last_seq,
               min(x.record_hash) FILTER (WHERE x.after_seq IS NULL) AS last_hash,
               min(x.recorded_at) FILTER (WHERE x.after_seq IS NULL) AS last_at
        FROM (SELECT r.namespace, r.tenant, r.seq, r.prev_hash, r.record_hash, r.recorded_at,
                     lag(r.seq) OVER w AS before_seq, lag(r.record_hash) OVER w AS before_hash, lead(r.seq) OVER w AS after_seq
              FROM new_records r WINDOW w AS (PARTITION BY r.namespace, r.tenant ORDER BY r.seq)) x
        GROUP BY x.namespace, x.tenant
        ORDER BY x.namespace, x.tenant
    LOOP
        IF NOT c.linked THEN
            RAISE EXCEPTION 'audit_records: the % records inserted into chain %/% are not one run of consecutive seqs each linked to the one before',
                c.n, c.namespace, c.tenant USING ERRCODE = 'check_violation';
        END IF;
        IF c.first_seq = 1 AND c.first_prev = 'genesis' THEN
            INSERT INTO ${schema}.chain_heads (namespace, tenant, seq, record_hash, recorded_at)
                VALUES (c.namespace, c.tenant, c.last_seq, c.last_hash, c.last_at)
                ON CONFLICT (namespace, tenant) DO NOTHING;
        ELSE
            UPDATE ${schema}.chain_heads h SET seq = c.last_seq, record_hash = c.last_hash, recorded_at = c.last_at
                WHERE h.namespace = c.namespace AND h.tenant = c.tenant
                  AND h.seq = c.first_seq - 1 AND h.record_hash = c.first_prev;
        END IF;
        IF NOT FOUND THEN
            SELECT 'seq ' || h.seq || ', record_hash ' || h.record_hash INTO head FROM ${schema}.chain_heads h
                WHERE h.namespace = c.namespace AND h.tenant = c.tenant;
            RAISE EXCEPTION 'audit_records: seq % of chain %/% does not follow the chain head (%)',
                c.first_seq, c.namespace, c.tenant, coalesce(head, 'none: the chain starts at seq 1 with prev_hash genesis')
                USING ERRCODE = 'serialization_failure',
                      HINT = 'a record is appended only at the head of its chain: seq head+1 with prev_hash = the head''s record_hash';
        END IF;
    END LOOP;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER audit_records_advance_heads AFTER INSERT ON ${schema}.audit_records
    REFERENCING NEW TABLE AS new_records FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.advance_chain_heads();

-- An INSERT naming a partition fires that partition's statement triggers, not the parent's: every partition gets
-- the same trigger (ensure_partitions below adds it to the new ones).
DO $do$
DECLARE
    p regclass;
BEGIN
    FOR p IN SELECT i.inhrelid::regclass FROM pg_inherits i WHERE i.inhparent = '${schema}.audit_records'::regclass LOOP
        EXECUTE format('CREATE TRIGGER audit_records_advance_heads AFTER INSERT ON %s REFERENCING NEW TABLE AS new_records '
            || 'FOR EACH STATEMENT EXECUTE FUNCTION %I.advance_chain_heads()', p, '${schema}');
    END LOOP;
END
$do$;

CREATE OR REPLACE FUNCTION ${schema}.ensure_partitions(from_date date, months integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    first_day date := date_trunc('month', from_date)::date;
    day date;
    name text;
    created integer := 0;
BEGIN
    IF months < 1 OR months > 120 THEN
        RAISE EXCEPTION 'ensure_partitions: months must be between 1 and 120, got %', months;
    END IF;
    FOR i IN 0 .. months - 1 LOOP
        day := (first_day + make_interval(months => i))::date;
        name := 'audit_records_' || to_char(day, 'YYYY"m"MM');
        CONTINUE WHEN to_regclass(format('%I.%I', '${schema}', name)) IS NOT NULL;
        BEGIN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.audit_records FOR VALUES FROM (%L) TO (%L)',
                '${schema}', name, '${schema}', to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00',
                to_char(day + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
            EXECUTE format('CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON %I.%I '
                || 'FOR EACH STATEMENT EXECUTE FUNCTION %I.reject_audit_change()', '${schema}', name, '${schema}');
            EXECUTE format('CREATE TRIGGER audit_records_advance_heads AFTER INSERT ON %I.%I REFERENCING NEW TABLE AS '
                || 'new_records FOR EACH STATEMENT EXECUTE FUNCTION %I.advance_chain_heads()', '${schema}', name, '${schema}');
            created := created + 1;
        EXCEPTION WHEN duplicate_table OR unique_violation OR duplicate_object THEN
            NULL; -- another replica created it at the same moment
        END;
    END LOOP;
    RETURN created;
END
$fn$;

-- 3. custody_log and restored_records: written only through record_custody_range and restore_records, which
-- check what they record against the chain.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.custody_log, ${schema}.restored_records FROM custody_app, custody_retention;
REVOKE USAGE ON SEQUENCE ${schema}.custody_log_id_seq FROM custody_app;

-- The record_hash of every record of an archive range, 32 bytes each in seq order, copied from audit_records when
-- the range is recorded: what a later restore of any part of the range is checked against. NULL on rows recorded
-- before this change set.
ALTER TABLE ${schema}.custody_log ADD COLUMN record_hashes bytea;
ALTER TABLE ${schema}.custody_log ALTER COLUMN record_hashes SET STORAGE EXTERNAL;

-- The RFC 9162 Merkle tree hash (hex) over leaf hashes SHA-256(0x00 || line), in order; as the domain's MerkleTree.
CREATE FUNCTION ${schema}.merkle_root(leaves bytea[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    level bytea[] := leaves;
BEGIN
    IF level IS NULL OR cardinality(level) = 0 THEN
        RETURN encode(sha256(''::bytea), 'hex');
    END IF;
    -- pairing neighbours level by level and promoting an odd last node gives the tree whose left subtree holds
    -- the largest power of two of leaves smaller than n
    WHILE cardinality(level) > 1 LOOP
        SELECT array_agg(CASE WHEN x.next IS NULL THEN x.h ELSE sha256('\x01'::bytea || x.h || x.next) END ORDER BY x.i)
            INTO level
            FROM (SELECT t.h, t.i, lead(t.h) OVER (ORDER BY t.i) AS next FROM unnest(level) WITH ORDINALITY AS t(h, i)) x
            WHERE x.i % 2 = 1;
    END LOOP;
    RETURN encode(level[1], 'hex');
END
$fn$;

-- Records one custody range (CustodyLog.append): the hash must be the row's own (RFC 8785 of its other fields, as
-- the domain's CustodyHashes), an archive range must be records of audit_records up to the head, every one present,
-- and a restore range records of restored_records; records_root must be the Merkle root of those records' lines.
-- True when added, false when the same row was there.
CREATE FUNCTION ${schema}.record_custody_range(p_namespace text, p_tenant text, p_first_seq bigint, p_last_seq bigint,
        p_stage text, p_ts timestamptz, p_location text, p_actor text, p_records_root text, p_hash text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    own_hash text;
    head bigint;
    n bigint;
    leaves bytea[];
    hashes bytea;
    root text;
BEGIN
    IF p_stage IS NULL OR p_stage NOT IN ('archive', 'restore') THEN
        RAISE EXCEPTION 'custody_log: stage must be archive or restore, got %', p_stage USING ERRCODE = 'check_violation';
    END IF;
    IF p_first_seq IS NULL OR p_last_seq IS NULL OR p_first_seq < 1 OR p_last_seq < p_first_seq THEN
        RAISE EXCEPTION 'custody_log: invalid range %..%', p_first_seq, p_last_seq USING ERRCODE = 'check_violation';
    END IF;
    own_hash := encode(sha256(convert_to('{"actor":' || to_json(p_actor)::text
        || ',"first_seq":' || p_first_seq || ',"last_seq":' || p_last_seq
        || ',"location":' || to_json(p_location)::text || ',"namespace":' || to_json(p_namespace)::text
        || ',"records_root":' || to_json(p_records_root)::text || ',"stage":' || to_json(p_stage)::text
        || ',"tenant":' || to_json(p_tenant)::text
        || ',"ts":' || to_json(to_char(p_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text || '}', 'UTF8')), 'hex');
    IF p_hash IS DISTINCT FROM own_hash THEN
        RAISE EXCEPTION 'custody_log: hash % is not the hash of the row (%)', p_hash, own_hash USING ERRCODE = 'check_violation';
    END IF;
    IF p_stage = 'archive' THEN
        SELECT h.seq INTO head FROM ${schema}.chain_heads h WHERE h.namespace = p_namespace AND h.tenant = p_tenant;
        IF head IS NULL OR p_last_seq > head THEN
            RAISE EXCEPTION 'custody_log: archive range %..% of chain %/% goes beyond the chain head (seq %)',
                p_first_seq, p_last_seq, p_namespace, p_tenant, coalesce(head, 0) USING ERRCODE = 'check_violation';
        END IF;
        SELECT count(*), array_agg(sha256('\x00'::bytea || convert_to(r.record, 'UTF8')) ORDER BY r.seq),
               string_agg(decode(r.record_hash, 'hex'), ''::bytea ORDER BY r.seq)
            INTO n, leaves, hashes
            FROM ${schema}.audit_records r
            WHERE r.namespace = p_namespace AND r.tenant = p_tenant AND r.seq BETWEEN p_first_seq AND p_last_seq;
        IF n <> p_last_seq - p_first_seq + 1 THEN
            RAISE EXCEPTION 'custody_log: archive range %..% of chain %/%: % of its records are in audit_records',
                p_first_seq, p_last_seq, p_namespace, p_tenant, n USING ERRCODE = 'check_violation';
        END IF;
    ELSE
        SELECT count(*), array_agg(sha256('\x00'::bytea || convert_to(r.record, 'UTF8')) ORDER BY r.seq)
            INTO n, leaves
            FROM ${schema}.restored_records r
            WHERE r.namespace = p_namespace AND r.tenant = p_tenant AND r.seq BETWEEN p_first_seq AND p_last_seq;
        IF n = 0 THEN
            RAISE EXCEPTION 'custody_log: restore range %..% of chain %/%: no record of it is in restored_records',
                p_first_seq, p_last_seq, p_namespace, p_tenant USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    root := ${schema}.merkle_root(leaves);
    IF p_records_root IS DISTINCT FROM root THEN
        RAISE EXCEPTION 'custody_log: records_root % of % range %..% of chain %/% is not the Merkle root of its records (%)',
            p_records_root, p_stage, p_first_seq, p_last_seq, p_namespace, p_tenant, root USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO ${schema}.custody_log (namespace, tenant, first_seq, last_seq, stage, ts, location, actor, records_root, hash,
            record_hashes)
        VALUES (p_namespace, p_tenant, p_first_seq, p_last_seq, p_stage, p_ts, p_location, p_actor, p_records_root, p_hash,
            hashes)
        ON CONFLICT (namespace, tenant, stage, hash) DO NOTHING;
    RETURN FOUND;
END
$fn$;

-- Adds records of one chain to restored_records (RestoredRecords.put), each only if it is, byte for byte, the record
-- the chain holds at its seq: the warm record itself while it is still in audit_records; otherwise its record_hash
-- must be the one the chain committed (kept by the archive range that holds it, or the prev_hash of the record after
-- it: in this call, warm or already restored) and its line must hash to it (the stored line minus the record_hash
-- member that follows prev_hash). Every index column is taken from the line. Returns how many were added; a seq
-- already restored is left as it is.
CREATE FUNCTION ${schema}.restore_records(p_namespace text, p_tenant text, p_records text[]) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    r record;
    warm text;
    committed text;
    above_seq bigint;
    above_prev text;
    member text;
    cut text;
    at integer;
    added bigint := 0;
    first_warm bigint;
BEGIN
    -- the warm records of a chain are seq first_warm..head (purges remove prefixes only): look up only those
    SELECT min(a.seq) INTO first_warm FROM ${schema}.audit_records a WHERE a.namespace = p_namespace AND a.tenant = p_tenant;
    -- highest seq first: each record can be checked against the prev_hash of the one after it
    FOR r IN
        SELECT x.line, x.doc, (x.doc ->> 'seq')::bigint AS seq
        FROM (SELECT u AS line,
                     -- jsonb cannot hold U+0000: read the index fields from a copy where it is U+0001 (no index
                     -- field can hold it; the line is stored unchanged)
                     regexp_replace(u, '(?<!\\)((?:\\\\)*)\\u0000', '\1\\u0001', 'g')::jsonb AS doc
              FROM unnest(p_records) AS u) x
        ORDER BY 3 DESC
    LOOP
        IF r.doc ->> 'namespace' IS DISTINCT FROM p_namespace OR r.doc ->> 'tenant' IS DISTINCT FROM p_tenant
                OR r.seq IS NULL THEN
            RAISE EXCEPTION 'restored_records: a record of chain %/% (seq %) cannot be restored into chain %/%',
                r.doc ->> 'namespace', r.doc ->> 'tenant', r.seq, p_namespace, p_tenant USING ERRCODE = 'check_violation';
        END IF;
        IF r.seq >= first_warm THEN
            SELECT a.record INTO warm FROM ${schema}.audit_records a
                WHERE a.namespace = p_namespace AND a.tenant = p_tenant AND a.seq = r.seq;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'restored_records: seq % of chain %/% is beyond the chain head',
                    r.seq, p_namespace, p_tenant USING ERRCODE = 'check_violation';
            END IF;
            IF warm <> r.line THEN
                RAISE EXCEPTION 'restored_records: seq % of chain %/% is not the record the chain holds (it is still warm)',
                    r.seq, p_namespace, p_tenant USING ERRCODE = 'check_violation';
            END IF;
        ELSE
            SELECT encode(substring(c.record_hashes FROM ((r.seq - c.first_seq) * 32 + 1)::integer FOR 32), 'hex') INTO committed
                FROM ${schema}.custody_log c
                WHERE c.namespace = p_namespace AND c.tenant = p_tenant AND c.stage = 'archive'
                  AND c.record_hashes IS NOT NULL AND r.seq BETWEEN c.first_seq AND c.last_seq
                LIMIT 1;
            IF committed IS NULL AND above_seq = r.seq + 1 THEN
                committed := above_prev;
            END IF;
            IF committed IS NULL THEN
                committed := CASE WHEN r.seq + 1 = first_warm
                    THEN (SELECT a.prev_hash FROM ${schema}.audit_records a
                          WHERE a.namespace = p_namespace AND a.tenant = p_tenant AND a.seq = r.seq + 1)
                    ELSE (SELECT s.prev_hash FROM ${schema}.restored_records s
                          WHERE s.namespace = p_namespace AND s.tenant = p_tenant AND s.seq = r.seq + 1) END;
            END IF;
            IF committed IS NULL THEN
                RAISE EXCEPTION 'restored_records: seq % of chain %/% cannot be checked against the chain: no archive range keeps its hash and the record after it is not stored',
                    r.seq, p_namespace, p_tenant USING ERRCODE = 'check_violation',
                    HINT = 'restore a range that reaches the first warm record, or one archived since change set 008';
            END IF;
            member := '"prev_hash":' || to_json(r.doc ->> 'prev_hash')::text;
            cut := ',"record_hash":"' || committed || '"';
            at := strpos(r.line, member || cut || ',"recorded_at":');
            IF r.doc ->> 'record_hash' IS DISTINCT FROM committed OR at = 0
                    OR encode(sha256(convert_to(left(r.line, at - 1 + length(member))
                        || substr(r.line, at + length(member) + length(cut)), 'UTF8')), 'hex') <> committed THEN
                RAISE EXCEPTION 'restored_records: seq % of chain %/% is not the record the chain holds (record_hash %)',
                    r.seq, p_namespace, p_tenant, committed USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        INSERT INTO ${schema}.restored_records (namespace, tenant, seq, id, prev_hash, record_hash, recorded_at, kind, action,
                actor_type, actor_id, resource_type, resource_id, outcome, subject_id, record)
            VALUES (p_namespace, p_tenant, r.seq, (r.doc ->> 'id')::uuid, r.doc ->> 'prev_hash', r.doc ->> 'record_hash',
                (r.doc ->> 'recorded_at')::timestamptz, r.doc ->> 'kind', r.doc ->> 'action', r.doc -> 'actor' ->> 'type',
                r.doc -> 'actor' ->> 'id', r.doc -> 'resource' ->> 'type', r.doc -> 'resource' ->> 'id', r.doc ->> 'outcome',
                r.doc ->> 'subject_id', r.line)
            ON CONFLICT (namespace, tenant, seq) DO NOTHING;
        IF FOUND THEN
            added := added + 1;
        END IF;
        above_seq := r.seq;
        above_prev := r.doc ->> 'prev_hash';
    END LOOP;
    RETURN added;
END
$fn$;

-- 4. With immutable_audit on, every record a purge would delete must lie in an archive range (not merely below the
-- highest archived seq).
CREATE OR REPLACE FUNCTION ${schema}.purge_chain_before(p_namespace text, p_tenant text, before_seq bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    tip bigint;
    removed bigint;
    unarchived bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM ${schema}.legal_holds h
               WHERE h.namespace = p_namespace AND (h.tenant IS NULL OR h.tenant = p_tenant)) THEN
        RAISE EXCEPTION 'purge refused: a legal hold covers chain %/%', p_namespace, p_tenant
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT seq INTO tip FROM ${schema}.chain_heads WHERE namespace = p_namespace AND tenant = p_tenant FOR SHARE;
    IF tip IS NULL THEN
        RETURN 0;
    END IF;
    IF (SELECT s.immutable_audit FROM ${schema}.compliance_settings s WHERE s.id = 1) THEN
        SELECT min(r.seq) INTO unarchived FROM ${schema}.audit_records r
            WHERE r.namespace = p_namespace AND r.tenant = p_tenant AND r.seq < least(before_seq, tip)
              AND NOT EXISTS (SELECT 1 FROM ${schema}.custody_log c
                              WHERE c.namespace = p_namespace AND c.tenant = p_tenant AND c.stage = 'archive'
                                AND r.seq BETWEEN c.first_seq AND c.last_seq);
        IF unarchived IS NOT NULL THEN
            RAISE EXCEPTION 'COMPLIANCE_VIOLATION: immutable audit is on; purge of chain %/% before seq % would delete seq % which no archive keeps',
                p_namespace, p_tenant, before_seq, unarchived
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'custody.compliance_settings.immutable_audit is set by the schema owner (custody db migrate)';
        END IF;
    END IF;
    PERFORM set_config('custody.purge', 'on', true);
    DELETE FROM ${schema}.audit_records
        WHERE namespace = p_namespace AND tenant = p_tenant AND seq < least(before_seq, tip);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('custody.purge', 'off', true);
    RETURN removed;
END
$fn$;

REVOKE ALL ON FUNCTION ${schema}.reject_change() FROM PUBLIC;   -- created by 006 after 005 revoked the others
REVOKE ALL ON FUNCTION ${schema}.advance_chain_heads() FROM PUBLIC;
REVOKE ALL ON FUNCTION ${schema}.merkle_root(bytea[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${schema}.record_custody_range(text, text, bigint, bigint, text, timestamptz, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${schema}.restore_records(text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${schema}.record_custody_range(text, text, bigint, bigint, text, timestamptz, text, text, text, text) TO custody_app;
GRANT EXECUTE ON FUNCTION ${schema}.restore_records(text, text, text[]) TO custody_app;
