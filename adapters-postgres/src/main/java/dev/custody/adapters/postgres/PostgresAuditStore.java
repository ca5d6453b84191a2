package dev.custody.adapters.postgres;

import static java.util.Objects.requireNonNull;

import dev.custody.adapters.postgres.AppendSql.Request;
import dev.custody.ports.AppendBatches;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The {@code postgres} store. A conditional append alone is one atomic statement ({@link AppendSql}): move the
 * chain's head row from the expected tip to the new one and insert the batch only if it moved; 0 rows = the
 * tip had moved: answer Conflict. Its commit makes it durable. Appends of several chains that arrive
 * together are combined into one transaction ({@link AppendCombiner}), each still all-or-nothing on its own
 * expected tip. Reads are short keyset queries.
 */
final class PostgresAuditStore implements AuditStore {

    /** Combined append rounds in flight at once (one commits while the next executes). */
    static final int COMBINED_ROUNDS = 2;

    private final StoreContext db;
    private final String schema;
    private final Partitions partitions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AppendSql appendSql;
    private final AppendCombiner combiner;
    private final RecordReads reads;

    PostgresAuditStore(StoreContext db, String schema, Clock clock) {
        this.db = db;
        this.schema = schema;
        this.partitions = new Partitions(db, schema);
        this.appendSql = new AppendSql(schema);
        this.combiner = new AppendCombiner(COMBINED_ROUNDS, new AppendCombiner.Runner() {
            @Override
            public ChainTip single(Request request) {
                return appendAlone(request);
            }

            @Override
            public List<ChainTip> many(List<Request> requests) {
                return appendTogether(requests);
            }
        });
        this.reads = new RecordReads(db, schema);
        try {
            partitions.prepare(clock.instant());
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("create partitions", null, e);
        }
    }

    @Override
    public Set<StoreCapability> capabilities() {
        return EnumSet.allOf(StoreCapability.class);
    }

    @Override
    public ChainTip tip(ChainId chain) {
        requireNonNull(chain, "chain is null");
        checkOpen();
        try {
            return db.sql("SELECT seq, record_hash, recorded_at FROM " + schema
                    + ".chain_heads WHERE namespace = ? AND tenant = ?", ps -> {
                        bindChain(ps, chain);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? new ChainTip(rs.getLong(1), rs.getString(2),
                                    rs.getObject(3, OffsetDateTime.class).toInstant()) : ChainTip.GENESIS;
                        }
                    });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("tip", chain, e);
        }
    }

    @Override
    public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        requireNonNull(chain, "chain is null");
        requireNonNull(expected, "expected is null");
        AppendBatches.check(chain, expected, batch);
        checkOpen();
        ChainTip next = ChainTip.of(batch.get(batch.size() - 1));
        try {
            partitions.ensure(batch.stream().map(AuditRecord::recordedAt).distinct().toList());
            ChainTip head = combiner.append(new Request(chain, expected, batch));
            return head == null ? new AppendResult.Appended(next) : new AppendResult.Conflict(head);
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("append of " + batch.size() + " records", chain, e);
        }
    }

    /** One request alone, in one statement (auto-commit); null when stored, else the head now. */
    private ChainTip appendAlone(Request r) {
        boolean moved = db.connections.executeWrite(status -> {
            try {
                return appendSql.append(status.getConnection(), r.chain(), r.expected(), r.batch());
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);   // classified by SqlFailures.wrap
            }
        });
        return moved ? null : tip(r.chain());
    }

    /** Several chains' requests in one transaction ({@link AppendSql#appendMany}). */
    private List<ChainTip> appendTogether(List<Request> requests) {
        return db.connections.executeWrite(status -> {
            Connection c = status.getConnection();
            try {
                c.setAutoCommit(false);
                try {
                    List<ChainTip> heads = appendSql.appendMany(c, requests);
                    c.commit();
                    return heads;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);   // classified by SqlFailures.wrap
            }
        });
    }

    @Override
    public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        checkOpen();
        return reads.stream(chain, fromSeq, toSeq);
    }

    @Override
    public Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        checkOpen();
        return reads.streamJson(chain, fromSeq, toSeq);
    }

    @Override
    public RecordPage query(RecordQuery query) {
        checkOpen();
        return reads.query(query);
    }

    @Override
    public Optional<AuditRecord> findById(String id) {
        checkOpen();
        return reads.findById(id);
    }

    @Override
    public Set<ChainId> chains() {
        checkOpen();
        return reads.chains();
    }

    /** Through the schema's retention function, which refuses while a legal hold covers the chain. */
    @Override
    public long purgeBefore(ChainId chain, long seq) {
        requireNonNull(chain, "chain is null");
        checkOpen();
        try {
            return db.sql("SELECT " + schema + ".purge_chain_before(?, ?, ?)", ps -> {
                bindChain(ps, chain);
                ps.setLong(3, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("purgeBefore seq " + seq, chain, e);
        }
    }

    private static void bindChain(PreparedStatement ps, ChainId chain) throws SQLException {
        ps.setString(1, chain.namespace());
        ps.setString(2, chain.tenant());
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new AuditStoreException("the postgres store (schema " + schema + ") is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            db.close();
        }
    }
}
