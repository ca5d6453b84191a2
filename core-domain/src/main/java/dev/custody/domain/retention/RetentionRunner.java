package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ServiceChains;
import dev.custody.domain.compliance.ComplianceSettings;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.Ref;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.SubjectDataStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One retention run over every chain of the system of record (ADR 0071, 0072): archives what its chain's policy
 * says is due, deletes the expired <em>prefix</em> of each chain in batches of {@code batch-size} (up to the first
 * record that has not expired or is held, never the tip, so what stays is a verifiable chain continuing the
 * archive), deletes inactive subject data, and appends one {@code retention} record with the counts. With
 * {@code immutable-audit} a run that would delete any record is refused before it changes anything. A dry run
 * changes nothing and reports the same counts.
 */
public final class RetentionRunner {

    /** The namespace of the retention record. */
    public static final String NAMESPACE = ServiceChains.NAMESPACE;
    /** Its tenant when the run touched no tenant or several. */
    public static final String SYSTEM_TENANT = "system";
    public static final String WARM = "warm";
    public static final String SUBJECT_DATA = "subject_data";
    public static final String ARCHIVE = "archive";

    private final AuditStore store;
    private final ChainAppender appender;
    private final RetentionSettings settings;
    private final ComplianceSettings compliance;
    private final ChainArchival archival;
    private final ArchiveRetention archiveRetention;
    private final List<SubjectDataStore> subjectStores;
    private final RetentionHolds holds;
    private final RetentionListener listener;
    private final Clock clock;

    /**
     * @param archival the cold archive, or null when none is configured (archive-after then only yields a note)
     * @param archiveRetention deletion of expired archived segments, or null when no archive is configured
     */
    public RetentionRunner(AuditStore store, ChainAppender appender, RetentionSettings settings, ComplianceSettings compliance,
            ChainArchival archival, ArchiveRetention archiveRetention, List<SubjectDataStore> subjectStores, RetentionHolds holds,
            RetentionListener listener, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.compliance = requireNonNull(compliance, "compliance is null");
        this.archival = archival;
        this.archiveRetention = archiveRetention;
        this.subjectStores = List.copyOf(subjectStores);
        this.holds = requireNonNull(holds, "holds is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public RetentionSettings settings() {
        return settings;
    }

    /**
     * Runs retention once.
     *
     * @param actor who asked (an API key, the CLI, the scheduler), recorded in the retention record
     * @throws dev.custody.domain.compliance.ComplianceViolationException when immutable audit is on and a record
     *     has expired; nothing has changed then
     */
    public synchronized RetentionResult run(boolean dryRun, Ref actor) {
        return run(dryRun, actor, RetentionScope.ALL);
    }

    /**
     * Runs retention once over what {@code scope} reaches; a chain outside it is neither read nor changed.
     *
     * @throws dev.custody.domain.compliance.ComplianceViolationException as {@link #run(boolean, Ref)}
     */
    public synchronized RetentionResult run(boolean dryRun, Ref actor, RetentionScope scope) {
        requireNonNull(actor, "actor is null");
        requireNonNull(scope, "scope is null");
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        // the service's own chains (holds, retention anchors, admin records) are never archived or shortened
        List<ChainId> chains = store.chains().stream().filter(c -> !ServiceChains.isService(c)).filter(scope.chains()).toList();
        Map<ChainId, Prefix> plan = new LinkedHashMap<>();
        Map<ChainId, Long> archivable = new LinkedHashMap<>();
        Map<ChainId, List<ArchiveRetention.Expired>> archivePlan = new LinkedHashMap<>();
        Set<ChainId> archiveSide = new java.util.HashSet<>();
        List<String> notes = new ArrayList<>();
        Set<ChainId> unreadable = new java.util.HashSet<>();
        for (ChainId chain : chains) {
            try {
                List<ArchiveRetention.Expired> segments = archiveRetention == null ? List.of()
                        : archiveRetention.expiredPrefix(chain, now, r -> expired(chain, r, now), holds, notes);
                archivePlan.put(chain, segments);
                long archivedTo = 0;
                Optional<RetentionAge> archiveAfter = settings.policies().archiveAfter(chain);
                if (archiveAfter.isPresent() && archival != null) {
                    Prefix a = prefix(chain, 1, r -> r.recordedAt().isBefore(archiveAfter.get().cutoff(now)), false);
                    archivable.put(chain, a.count);
                    archivedTo = store.capabilities().contains(StoreCapability.PURGE_BEFORE_SEQ) ? a.last : 0;
                }
                // a chain that is archived loses its warm rows to the archive; deleting rows the archive has not taken
                // would leave a gap archival cannot bridge, so only unarchived chains are shortened here (ADR 0072)
                boolean warmAllowed = !(archiveAfter.isPresent() && archival != null || hasArchive(chain));
                if (!warmAllowed) {
                    archiveSide.add(chain);
                }
                plan.put(chain, warmAllowed ? prefix(chain, archivedTo + 1, r -> expired(chain, r, now), true) : new Prefix());
            } catch (ChainUnreadableException e) {
                // one chain that cannot be read is left as it is; the others are retained
                unreadable.add(chain);
                archivePlan.remove(chain);
                archivable.remove(chain);
                plan.remove(chain);
                archiveSide.remove(chain);
                notes.add("chain " + chain + ": nothing retained, it cannot be read: " + e.getMessage());
            }
        }
        long expired = plan.values().stream().mapToLong(p -> p.count).sum()
                + archivePlan.values().stream().flatMap(List::stream).mapToLong(x -> x.byKind().values().stream()
                        .mapToLong(Long::longValue).sum()).sum();
        if (expired > 0) {
            compliance.requireDeletionAllowed("retention delete of " + expired + " expired records");
        }
        Map<String, Long> archived = new TreeMap<>();
        Map<String, Long> warm = new TreeMap<>();
        Map<String, Long> cold = new TreeMap<>();
        List<Map<String, Object>> perChain = new ArrayList<>();
        TreeSet<String> tenants = new TreeSet<>();
        for (ChainId chain : chains) {
            if (unreadable.contains(chain)) {
                continue;
            }
            try {
                List<ArchiveRetention.Expired> segments = archivePlan.get(chain);
                if (!segments.isEmpty()) {
                    if (!dryRun) {
                        archiveRetention.delete(segments);
                    }
                    long n = 0;
                    for (ArchiveRetention.Expired x : segments) {
                        x.byKind().forEach((k, c) -> cold.merge(k, c, Long::sum));
                        n += x.byKind().values().stream().mapToLong(Long::longValue).sum();
                    }
                    ArchiveRetention.Expired last = segments.get(segments.size() - 1);
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("chain", chain.toString());
                    c.put("tier", ARCHIVE);
                    c.put("deleted", n);
                    c.put("deleted_through_seq", last.lastSeq());
                    c.put("deleted_last_record_hash", last.lastRecordHash());
                    perChain.add(c);
                    tenants.add(chain.tenant());
                }
                Optional<RetentionAge> archiveAfter = settings.policies().archiveAfter(chain);
                if (archiveAfter.isPresent() && archival == null) {
                    notes.add("chain " + chain + ": archive-after " + archiveAfter.get() + " is set but no custody.archive is configured");
                } else if (archiveAfter.isPresent()) {
                    long n = dryRun ? archivable.get(chain) : archival.archive(chain, archiveAfter.get().cutoff(now));
                    if (n > 0) {
                        archived.put(chain.toString(), n);
                        tenants.add(chain.tenant());
                    }
                }
                Prefix p = dryRun || archiveSide.contains(chain) ? plan.get(chain)
                        : prefix(chain, 1, r -> expired(chain, r, now), true);
                if (p.heldBy != null) {
                    notes.add("chain " + chain + ": retention stops at seq " + p.stopSeq + ", held by hold " + p.heldBy);
                }
                if (p.count == 0) {
                    continue;
                }
                if (!store.capabilities().contains(StoreCapability.PURGE_BEFORE_SEQ)) {
                    notes.add("chain " + chain + ": " + p.count + " expired records stay: the " + WARM
                            + " backend cannot purge (PURGE_BEFORE_SEQ not supported)");
                    continue;
                }
                long removed = dryRun ? p.count : purge(chain, p);
                p.byKind.forEach((k, n) -> warm.merge(k, n, Long::sum));
                tenants.add(chain.tenant());
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("chain", chain.toString());
                c.put("tier", WARM);
                c.put("deleted", removed);
                c.put("deleted_through_seq", p.last);
                c.put("deleted_last_record_hash", p.lastHash);
                perChain.add(c);
            } catch (ChainUnreadableException e) {
                notes.add("chain " + chain + ": retention stopped, it cannot be read: " + e.getMessage());
            }
        }
        Map<String, Long> subject;
        if (scope.subjectData()) {
            subject = subjectData(now, dryRun, notes);
        } else {
            subject = new TreeMap<>();
            if (!settings.subjectData().isEmpty()) {
                notes.add("subject data is left to a run over every tenant (a key scoped */*, the schedule or the CLI)");
            }
        }
        Map<String, Map<String, Long>> deleted = new TreeMap<>();
        deleted.put(WARM, warm);
        deleted.put(ARCHIVE, cold);
        deleted.put(SUBJECT_DATA, subject);
        Map<String, Object> record = dryRun ? Map.of() : appendRecord(actor, now, archived, deleted, perChain, notes, tenants);
        RetentionResult result = new RetentionResult(dryRun, now, Duration.ofNanos(System.nanoTime() - t0), archived, deleted,
                perChain, notes, record);
        listener.completed(result);
        return result;
    }

    /** Whether the chain has archived segments: then it is shortened from the archive side only (ADR 0072). */
    private boolean hasArchive(ChainId chain) {
        return archiveRetention != null && archiveRetention.hasSegments(chain);
    }

    private boolean expired(ChainId chain, AuditRecord r, Instant now) {
        return settings.policies().match(chain.namespace(), chain.tenant(), r.kind())
                .map(RetentionPolicy::deleteAfter)
                .map(age -> r.recordedAt().isBefore(age.cutoff(now)))
                .orElse(false);
    }

    /** The contiguous run of records from {@code fromSeq} that pass {@code test}, never the tip. */
    private Prefix prefix(ChainId chain, long fromSeq, java.util.function.Predicate<AuditRecord> test, boolean checkHolds) {
        Prefix p = new Prefix();
        long tip = store.tip(chain).seq();
        if (tip <= fromSeq) {
            return p;
        }
        try (Stream<AuditRecord> s = store.stream(chain, fromSeq, tip - 1)) {
            Iterator<AuditRecord> it = s.iterator();
            while (it.hasNext()) {
                AuditRecord r = it.next();
                if (!test.test(r)) {
                    break;
                }
                Optional<String> hold = checkHolds ? holds.holdOn(r) : Optional.empty();
                if (hold.isPresent()) {
                    p.heldBy = hold.get();
                    p.stopSeq = r.seq();
                    break;
                }
                p.count++;
                p.last = r.seq();
                p.lastHash = r.recordHash();
                p.byKind.merge(r.kind(), 1L, Long::sum);
            }
        }
        return p;
    }

    /** Deletes the prefix through {@code p.last} in statements of at most {@code batch-size} rows. */
    private long purge(ChainId chain, Prefix p) {
        long removed = 0;
        long first;
        try (Stream<AuditRecord> s = store.stream(chain, 1, p.last)) {
            first = s.findFirst().map(AuditRecord::seq).orElse(p.last + 1);
        }
        for (long from = first; from <= p.last; from += settings.batchSize()) {
            long to = Math.min(p.last, from + settings.batchSize() - 1);
            removed += store.purgeBefore(chain, to + 1);
        }
        return removed;
    }

    private Map<String, Long> subjectData(Instant now, boolean dryRun, List<String> notes) {
        Map<String, Long> out = new TreeMap<>();
        Set<String> held = holds.heldSubjects();
        if (!held.isEmpty() && !settings.subjectData().isEmpty()) {
            notes.add("subject data of " + held.size() + (held.size() == 1 ? " subject" : " subjects")
                    + " named by a legal hold kept, however old");
        }
        settings.subjectData().forEach((type, age) -> {
            boolean found = false;
            for (SubjectDataStore st : subjectStores) {
                if (!st.dataType().equals(type)) {
                    continue;
                }
                found = true;
                Instant cutoff = age.cutoff(now);
                try {
                    out.merge(type, dryRun ? st.countInactiveBefore(cutoff, held) : st.deleteInactiveBefore(cutoff, held),
                            Long::sum);
                } catch (UnsupportedOperationException e) {
                    // a store that cannot leave held subjects out deletes nothing: a hold outranks retention
                    notes.add("subject data " + type + " (" + st.describe() + "): " + (dryRun ? "not counted" : "nothing deleted")
                            + ": " + e.getMessage());
                }
            }
            if (!found) {
                notes.add("subject data " + type + ": no store of this type is configured");
            }
        });
        return out;
    }

    private Map<String, Object> appendRecord(Ref actor, Instant now, Map<String, Long> archived,
            Map<String, Map<String, Long>> deleted, List<Map<String, Object>> perChain, List<String> notes, TreeSet<String> tenants) {
        ChainId chain = ChainId.of(NAMESPACE, tenants.size() == 1 ? tenants.first() : SYSTEM_TENANT);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("run_at", now.toString());
        payload.put("archived", archived);
        payload.put("deleted", deleted);
        payload.put("chains", perChain);
        payload.put("notes", notes);
        AuditRecord r = appender.append(AuditEvent.builder(chain).kind("retention").action("retention.run")
                .actor(actor).resource("retention_run", now.toString()).outcome("completed").payload(payload).build());
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("namespace", chain.namespace());
        rec.put("tenant", chain.tenant());
        rec.put("seq", r.seq());
        rec.put("id", r.id());
        return rec;
    }

    private static final class Prefix {
        long count;
        long last;
        long stopSeq;
        String lastHash;
        String heldBy;
        final Map<String, Long> byKind = new TreeMap<>();
    }
}
