--liquibase formatted sql

--changeset custody:002-append-only splitStatements:false
-- Rows of audit_records are never changed. DELETE is allowed only inside purge_chain_before, which sets
-- the transaction-local setting custody.purge and runs as the schema owner.
CREATE FUNCTION ${schema}.reject_audit_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('custody.purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_records is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'records leave only through ${schema}.purge_chain_before (retention, checks legal holds)';
END
$fn$;

CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON ${schema}.audit_records
    FOR EACH ROW EXECUTE FUNCTION ${schema}.reject_audit_change();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON ${schema}.audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.reject_audit_change();

-- A chain head only moves forward, and is never removed.
CREATE FUNCTION ${schema}.guard_chain_head() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.namespace <> OLD.namespace OR NEW.tenant <> OLD.tenant THEN
            RAISE EXCEPTION 'chain_heads: a head cannot move to another chain' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.seq <= OLD.seq THEN
            RAISE EXCEPTION 'chain_heads may only move forward: seq % -> % is not allowed', OLD.seq, NEW.seq
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'chain_heads is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER chain_heads_forward_only BEFORE UPDATE OR DELETE ON ${schema}.chain_heads
    FOR EACH ROW EXECUTE FUNCTION ${schema}.guard_chain_head();
CREATE TRIGGER chain_heads_no_truncate BEFORE TRUNCATE ON ${schema}.chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.guard_chain_head();
