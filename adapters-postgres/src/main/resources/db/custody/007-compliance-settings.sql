--liquibase formatted sql

--changeset custody:007-compliance-settings splitStatements:false
-- The compliance flags the database enforces itself (ADR 0070). One row, written by the service at start from
-- custody.compliance: with immutable_audit on, purge_chain_before removes only records the archive keeps (a
-- custody_log 'archive' row covers them); deleting anything else is refused with COMPLIANCE_VIOLATION, whoever
-- calls the function.
CREATE TABLE ${schema}.compliance_settings (
    id              smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    immutable_audit boolean     NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ${schema}.compliance_settings (id, immutable_audit) VALUES (1, false);
CREATE TRIGGER compliance_settings_no_delete BEFORE DELETE OR TRUNCATE ON ${schema}.compliance_settings
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.reject_change();
REVOKE ALL ON ${schema}.compliance_settings FROM PUBLIC;
GRANT SELECT, UPDATE ON ${schema}.compliance_settings TO custody_app;
GRANT SELECT ON ${schema}.compliance_settings TO custody_retention;

CREATE OR REPLACE FUNCTION ${schema}.purge_chain_before(p_namespace text, p_tenant text, before_seq bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    tip bigint;
    removed bigint;
    archived_to bigint;
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
        SELECT coalesce(max(c.last_seq), 0) INTO archived_to FROM ${schema}.custody_log c
            WHERE c.namespace = p_namespace AND c.tenant = p_tenant AND c.stage = 'archive';
        SELECT min(r.seq) INTO unarchived FROM ${schema}.audit_records r
            WHERE r.namespace = p_namespace AND r.tenant = p_tenant AND r.seq > archived_to
              AND r.seq < least(before_seq, tip);
        IF unarchived IS NOT NULL THEN
            RAISE EXCEPTION 'COMPLIANCE_VIOLATION: immutable audit is on; purge of chain %/% before seq % would delete seq % which no archive keeps (archived up to seq %)',
                p_namespace, p_tenant, before_seq, unarchived, archived_to
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'custody.compliance_settings.immutable_audit is written from custody.compliance at service start';
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
