--liquibase formatted sql

--changeset custody:003-partitions splitStatements:false
-- Creates the month partitions of audit_records from the month of from_date for months months
-- (idempotent, safe when several replicas call it at once) and puts the TRUNCATE guard on each new one
-- (row triggers are inherited from the parent; statement triggers are not). Returns how many it created.
CREATE FUNCTION ${schema}.ensure_partitions(from_date date, months integer) RETURNS integer
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
            created := created + 1;
        EXCEPTION WHEN duplicate_table OR unique_violation OR duplicate_object THEN
            NULL; -- another replica created it at the same moment
        END;
    END LOOP;
    RETURN created;
END
$fn$;
