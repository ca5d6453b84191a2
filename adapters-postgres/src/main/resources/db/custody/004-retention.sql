--liquibase formatted sql

--changeset custody:004-retention splitStatements:false
-- The only deletion path: removes the records of one chain with seq < before_seq, never the tip, and
-- refuses while a legal hold covers the chain. Returns how many records it removed.
CREATE FUNCTION ${schema}.purge_chain_before(p_namespace text, p_tenant text, before_seq bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    tip bigint;
    removed bigint;
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
    PERFORM set_config('custody.purge', 'on', true);
    DELETE FROM ${schema}.audit_records
        WHERE namespace = p_namespace AND tenant = p_tenant AND seq < least(before_seq, tip);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('custody.purge', 'off', true);
    RETURN removed;
END
$fn$;
