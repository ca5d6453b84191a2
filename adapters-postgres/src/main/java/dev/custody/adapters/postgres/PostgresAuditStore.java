package dev.custody.adapters.postgres;

import static java.util.Objects.requireNonNull;

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
 * The {@code postgres} store. A conditional append is one atomic statement ({@link AppendSql}): insert the batch,
 * whose trigger moves the chain's head row from the expected tip to the new one; a refusal because the tip had
 * moved is answered Conflict. Its commit makes it durable. Reads are short keyset queries.
 */
final class PostgresAuditStore implements AuditStore {

    private final StoreContext db;
    private final String schema;
    private final Partitions partitions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AppendSql appendSql;
    private final RecordReads reads;
    private final PostgresCustodyLog custodyLog;
    private final PostgresRestoredRecords restored;
    private final ImmutableAuditFlag immutableAudit;
    /** The head of a chain: its last record's seq, hash and time; no row before its first record. */
    private final String headSql;
    /** The serialised append's first round trip: the chain's lock (waiting for it), then the head. */
    private final String lockThenHead;
    /** After a serialised append lost to a plain one: back to before the insert (the lock kept), then the head. */
    private final String rollbackThenHead;

    /** {@code owner}: the store connects as the schema owner (it migrates), so it may write the compliance flag. */
    PostgresAuditStore(StoreContext db, String schema, Clock clock, boolean owner) {
        this.db = db;
        this.schema = schema;
        this.partitions = new Partitions(db, schema);
        this.appendSql = new AppendSql(schema);
        this.reads = new RecordReads(db, schema);
        this.custodyLog = new PostgresCustodyLog(db, schema);
        this.restored = new PostgresRestoredRecords(db, schema);
        this.immutableAudit = new ImmutableAuditFlag(db, schema, owner);
        this.headSql = "SELECT seq, record_hash, recorded_at FROM " + schema + ".chain_heads WHERE namespace = ? AND tenant = ?";
        this.lockThenHead = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0)); " + headSql;
        this.rollbackThenHead = "ROLLBACK TO SAVEPOINT " + AppendSql.SAVEPOINT + "; " + headSql;
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
            return db.sql(headSql, ps -> {
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
            boolean moved = db.connections.executeWrite(status -> {
                try {
                    return appendSql.append(status.getConnection(), chain, batch);
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);   // classified by SqlFailures.wrap
                }
            });
            return moved ? new AppendResult.Appended(next) : new AppendResult.Conflict(tip(chain));
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("append of " + batch.size() + " records", chain, e);
        }
    }

    /**
     * In one transaction: a transaction-scoped advisory lock on the chain (every replica's serialised appends of the
     * chain queue on it), the head as committed, the batch {@code encode} builds on it, and the conditional append.
     * A plain {@link #append} of another replica does not take the lock and may still move the head first; then the
     * head is read again, still under the lock, until the batch follows it (each such loss is another writer's
     * progress, and that writer's next conflict brings it here too).
     *
     * <p>The lock is held from its grant to the commit, and every other replica's appends of the chain wait that
     * long, so the lock and the head go in one round trip, and the insert and the commit in another (ADR 0123).
     */
    @Override
    public List<AuditRecord> appendSerialized(ChainId chain, java.util.function.Function<ChainTip, List<AuditRecord>> encode) {
        requireNonNull(chain, "chain is null");
        requireNonNull(encode, "encode is null");
        checkOpen();
        try {
            return db.connections.executeWrite(status -> {
                try {
                    return serialized(status.getConnection(), chain, encode);
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);   // classified by SqlFailures.wrap
                }
            });
        } catch (RuntimeException e) {
            throw SqlFailures.wrap("serialised append", chain, e);
        }
    }

    private List<AuditRecord> serialized(java.sql.Connection c, ChainId chain,
            java.util.function.Function<ChainTip, List<AuditRecord>> encode) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            // Each statement of a READ COMMITTED transaction reads a snapshot taken when it starts, so the head read
            // after the lock is granted sees the commit of the writer that held it before.
            ChainTip tip = readHead(c, chain, lockThenHead, "custody-append:" + schema + ":" + chain);
            while (true) {
                List<AuditRecord> batch = encode.apply(tip);
                if (batch.isEmpty()) {
                    c.commit();   // nothing to append: the caller found its records stored already
                    return List.of();
                }
                AppendBatches.check(chain, tip, batch);
                partitions.ensure(batch.stream().map(AuditRecord::recordedAt).distinct().toList());
                if (appendSql.appendAndCommit(c, chain, batch)) {
                    return batch;
                }
                // a writer without the lock moved the head first: back to before the insert, still holding the lock
                tip = readHead(c, chain, rollbackThenHead, null);
            }
        } catch (SQLException | RuntimeException | Error e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {   // the connection is gone: the failure that matters is e
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);   // commits nothing: the transaction has ended
        }
    }

    /**
     * Runs {@code sql}, one statement and then the head's SELECT ({@link #lockThenHead} or {@link #rollbackThenHead}),
     * in one round trip; {@code lockKey} is the first one's parameter, if it has one.
     */
    private ChainTip readHead(java.sql.Connection c, ChainId chain, String sql, String lockKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (lockKey != null) {
                ps.setString(i++, lockKey);
            }
            ps.setString(i++, chain.namespace());
            ps.setString(i, chain.tenant());
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new SQLException("no head in the answer to: " + sql);
            }
            try (ResultSet rs = ps.getResultSet()) {
                return rs.next() ? new ChainTip(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()) : ChainTip.GENESIS;
            }
        }
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
        return RecordPage.restoredThenLive(query, restored.query(query), reads::query);
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

    @Override
    public Optional<dev.custody.ports.CustodyLog> custodyLog() {
        return Optional.of(custodyLog);
    }

    @Override
    public Optional<dev.custody.ports.RestoredRecords> restoredRecords() {
        return Optional.of(restored);
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

    /**
     * As the schema owner, writes the flag into {@code compliance_settings}, which {@code purge_chain_before} checks
     * (ADR 0070); as the service's role, which may not write it, checks that it agrees (ADR 0090).
     */
    @Override
    public boolean enforceImmutableAudit(boolean immutable) {
        checkOpen();
        immutableAudit.enforce(immutable);
        return true;
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
