--liquibase formatted sql

--changeset custody:005-roles splitStatements:false runOnChange:false
-- custody_app: what the service needs and nothing more (grant it to the service's login role).
-- custody_retention: may also call the retention function. Roles are cluster-wide, so they may exist.
DO $do$
BEGIN
    CREATE ROLE custody_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$do$;
DO $do$
BEGIN
    CREATE ROLE custody_retention NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$do$;

REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${schema} FROM PUBLIC;
GRANT USAGE ON SCHEMA ${schema} TO custody_app, custody_retention;
GRANT SELECT, INSERT ON ${schema}.audit_records TO custody_app;
GRANT SELECT, INSERT, UPDATE ON ${schema}.chain_heads TO custody_app;
GRANT SELECT ON ${schema}.legal_holds TO custody_app;
GRANT EXECUTE ON FUNCTION ${schema}.ensure_partitions(date, integer) TO custody_app;
GRANT EXECUTE ON FUNCTION ${schema}.purge_chain_before(text, text, bigint) TO custody_retention;
