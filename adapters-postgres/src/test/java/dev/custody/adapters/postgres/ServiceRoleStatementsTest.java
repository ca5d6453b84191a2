package dev.custody.adapters.postgres;

import dev.custody.adapters.postgres.ServiceSchema.ChainWithRecords;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A compromised service can only append" ({@code docs/backends/postgres.md}), statement by statement: every way the
 * service's login (granted {@code custody_app} and {@code custody_retention}) could change or remove what is stored,
 * or the rules that guard it, is refused, and the chain is untouched afterwards. {@link ServiceRoleTest} holds the
 * statements of the security issue and {@link ServiceRolePathsTest} what the service may do.
 */
class ServiceRoleStatementsTest {

    private static ServiceSchema schema;
    private static ChainWithRecords chain;

    @BeforeAll
    static void appendAChain() {
        schema = ServiceSchema.create("custody_stmts", true);
        chain = schema.chain(20);
        schema.service.custodyLog().orElseThrow().append(ArchivedRanges.archive(schema.service, chain.id(), 1, 5));
    }

    @AfterAll
    static void drop() {
        schema.close();
    }

    static Stream<Arguments> statements() {
        String partition = "custody." + ServiceSchema.currentPartition();
        return Stream.of(
                // the records
                refused("UPDATE custody.audit_records SET outcome = 'denied'", "permission denied for table audit_records"),
                refused("DELETE FROM custody.audit_records", "permission denied for table audit_records"),
                refused("TRUNCATE custody.audit_records", "permission denied for table audit_records"),
                refused("UPDATE " + partition + " SET outcome = 'denied'", "permission denied for table audit_records_"),
                refused("DELETE FROM " + partition, "permission denied for table audit_records_"),
                refused("SELECT set_config('custody.purge', 'on', false); DELETE FROM custody.audit_records",
                        "permission denied for table audit_records"),
                // the heads, the custody rows, the restored rows, the holds, the flag
                refused("UPDATE custody.chain_heads SET seq = seq + 100", "permission denied for table chain_heads"),
                refused("TRUNCATE custody.chain_heads", "permission denied for table chain_heads"),
                refused("UPDATE custody.custody_log SET last_seq = 20", "permission denied for table custody_log"),
                refused("DELETE FROM custody.custody_log", "permission denied for table custody_log"),
                refused("SELECT nextval('custody.custody_log_id_seq')", "permission denied for sequence custody_log_id_seq"),
                refused("UPDATE custody.restored_records SET outcome = 'denied'", "permission denied for table restored_records"),
                refused("DELETE FROM custody.restored_records", "permission denied for table restored_records"),
                refused("DELETE FROM custody.legal_holds", "permission denied for table legal_holds"),
                refused("INSERT INTO custody.legal_holds (namespace, tenant, reason) VALUES ('svc', NULL, 'x')",
                        "permission denied for table legal_holds"),
                refused("DELETE FROM custody.compliance_settings", "permission denied for table compliance_settings"),
                refused("TRUNCATE custody.compliance_settings", "permission denied for table compliance_settings"),
                // the rules: triggers, functions, tables, partitions, ownership
                refused("ALTER TABLE custody.audit_records DISABLE TRIGGER USER", "must be owner of table audit_records"),
                refused("ALTER TABLE custody.chain_heads DISABLE TRIGGER chain_heads_forward_only", "must be owner of table chain_heads"),
                refused("ALTER TABLE custody.audit_records DETACH PARTITION " + partition, "must be owner of table audit_records"),
                refused("DROP TABLE " + partition, "must be owner of table audit_records_"),
                refused("ALTER TABLE custody.compliance_settings OWNER TO CURRENT_USER", "must be owner of table compliance_settings"),
                refused("CREATE TABLE custody.audit_records_2099m01 PARTITION OF custody.audit_records "
                        + "FOR VALUES FROM ('2099-01-01') TO ('2099-02-01')", "permission denied for schema custody"),
                refused("CREATE OR REPLACE FUNCTION custody.purge_chain_before(text, text, bigint) RETURNS bigint "
                        + "LANGUAGE sql AS 'SELECT 0::bigint'", "permission denied for schema custody"),
                refused("DROP FUNCTION custody.advance_chain_heads() CASCADE", "must be owner of function custody.advance_chain_heads"),
                refused("SELECT custody.merkle_root(ARRAY[]::bytea[])", "permission denied for function merkle_root"),
                refused("SELECT custody.advance_chain_heads()", "permission denied for function advance_chain_heads"),
                refused("SELECT custody.reject_change()", "permission denied for function reject_change"),
                refused("BEGIN; LOCK TABLE custody.chain_heads IN ACCESS EXCLUSIVE MODE; COMMIT", "permission denied for table chain_heads"),
                refused("SET ROLE postgres", "permission denied to set role"),
                refused("SET session_replication_role = replica", "permission denied to set parameter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void statement_isRefusedToTheServiceAndTheChainIsUntouched(String sql, String message) {
        schema.assertServiceRefused(sql, message);
        schema.assertUntouched(chain);
    }

    private static Arguments refused(String sql, String message) {
        return Arguments.of(sql, message);
    }
}
