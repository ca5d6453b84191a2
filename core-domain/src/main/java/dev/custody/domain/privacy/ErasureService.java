package dev.custody.domain.privacy;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.Timestamps;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.SubjectDataStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * GDPR Art. 17 erasure: deletes the subject's data in every {@link SubjectDataStore}, destroys the subject's
 * keysets (crypto-shredding the personal fields on every chain and unlinking the record pseudonym), and
 * appends a {@code gdpr_erasure} record to each chain that held the subject's records (or to
 * {@code custody/admin} when none did) naming only the service pseudonym. The plan is saved before
 * anything is deleted, so an erasure interrupted by a crash finishes when asked again; a finished erasure
 * without errors is answered again as it was.
 */
public final class ErasureService {

    /** Where an erasure is recorded when no chain held the subject's records. */
    public static final ChainId ADMIN_CHAIN = ChainId.of(dev.custody.domain.chain.ServiceChains.NAMESPACE, "admin");
    /** The data type of the personal fields made unreadable on the chains. */
    public static final String PERSONAL_FIELDS = "audit_record_personal_fields";
    /** The data type of the subject's keysets. */
    public static final String KEYSETS = "subject_keysets";

    private final SubjectKeys keys;
    private final SubjectIndex index;
    private final AuditStore store;
    private final ChainAppender appender;
    private final List<SubjectDataStore> stores;
    private final SubjectDataListener listener;
    private final Clock clock;

    public ErasureService(SubjectKeys keys, SubjectIndex index, AuditStore store, ChainAppender appender,
            List<SubjectDataStore> stores, SubjectDataListener listener, Clock clock) {
        this.keys = requireNonNull(keys, "keys is null");
        this.index = requireNonNull(index, "index is null");
        this.store = requireNonNull(store, "store is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.stores = List.copyOf(stores);
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The subject data stores this service reaches. */
    public List<SubjectDataStore> stores() {
        return stores;
    }

    /** The service pseudonym of a subject, as erasure records and subject data stores name it. */
    public String subjectKey(String subjectId) {
        return keys.servicePseudonym(subjectId);
    }

    /**
     * Erases the subject of {@code request}.
     *
     * @throws dev.custody.ports.AuditStoreException when the system of record cannot be read or appended to
     */
    public synchronized ErasureOutcome erase(ErasureRequest request) {
        String s = keys.servicePseudonym(request.subjectId());
        Optional<SubjectIndex.Entry> entry = index.get(s);
        boolean hasKeys = keys.exists(s);
        if (entry.isPresent() && entry.get().erasure() != null && !hasKeys
                && ((List<?>) entry.get().erasure().get("errors")).isEmpty() && storedItems(s) == 0) {
            return new ErasureOutcome.Erased(entry.get().erasure(), false);
        }
        if (entry.isEmpty() && !hasKeys && storedItems(s) == 0) {
            return new ErasureOutcome.UnknownSubject();
        }
        List<String> chains = entry.map(SubjectIndex.Entry::chains).orElse(List.of());
        Map<String, Object> plan = entry.map(SubjectIndex.Entry::pending).orElse(null);
        if (plan == null) {
            plan = plan(request, chains);
            index.put(s, new SubjectIndex.Entry(chains, plan, null));
        }

        List<Map<String, Object>> deleted = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (SubjectDataStore st : stores) {
            try {
                long n = st.deleteSubject(s);
                deleted.add(deletion(st.dataType(), "deleted", n, st.describe()));
                listener.deleted(st.dataType(), "erasure", n);
            } catch (RuntimeException e) {
                errors.add(Map.of("data_type", st.dataType(), "store", st.describe(), "error", String.valueOf(e.getMessage())));
            }
        }
        try {
            int n = keys.destroy(request.subjectId());
            deleted.add(deletion(KEYSETS, "destroyed", n, null));
            listener.deleted(KEYSETS, "erasure", n);
        } catch (RuntimeException e) {
            errors.add(Map.of("data_type", KEYSETS, "error", String.valueOf(e.getMessage())));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> byChain = (Map<String, Object>) plan.get("records_by_chain");
        long shredded = byChain.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        listener.deleted(PERSONAL_FIELDS, "erasure", shredded);

        List<Map<String, Object>> records = new ArrayList<>();
        List<ChainId> targets = new ArrayList<>();
        byChain.keySet().forEach(c -> targets.add(parseChain(c)));
        if (targets.isEmpty()) {
            targets.add(ADMIN_CHAIN);
        }
        String pseudonym = "hmac-sha256:" + s;
        for (ChainId chain : targets) {
            long onChain = byChain.containsKey(chain.toString()) ? ((Number) byChain.get(chain.toString())).longValue() : 0;
            List<Map<String, Object>> chainDeleted = new ArrayList<>();
            chainDeleted.add(deletion(PERSONAL_FIELDS, "crypto_shredded", onChain, null));
            chainDeleted.addAll(deleted);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("erasure_id", plan.get("erasure_id"));
            payload.put("subject_pseudonym", pseudonym);
            payload.put("reason", request.reason());
            payload.put("requested_by", request.requestedBy());
            payload.put("deleted", chainDeleted);
            payload.put("errors", errors);
            AuditRecord r = appender.append(AuditEvent.builder(chain).kind("gdpr_erasure").action("gdpr.erase")
                    .actor("requester", request.requestedBy()).resource("data_subject", pseudonym)
                    .outcome(errors.isEmpty() ? "erased" : "partially_erased").payload(payload).build());
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("namespace", chain.namespace());
            rec.put("tenant", chain.tenant());
            rec.put("seq", r.seq());
            rec.put("id", r.id());
            rec.put("record_hash", r.recordHash());
            records.add(rec);
        }
        List<Map<String, Object>> total = new ArrayList<>();
        total.add(deletion(PERSONAL_FIELDS, "crypto_shredded", shredded, null));
        total.addAll(deleted);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("erasure_id", plan.get("erasure_id"));
        result.put("subject_pseudonym", pseudonym);
        result.put("reason", request.reason());
        result.put("requested_by", request.requestedBy());
        result.put("erased_at", Timestamps.formatMicros(clock.instant()));
        result.put("deleted", total);
        result.put("errors", errors);
        result.put("records", records);
        index.put(s, new SubjectIndex.Entry(chains, null, result));
        return new ErasureOutcome.Erased(result, true);
    }

    /**
     * Retention: deletes subject data inactive since before {@code cutoff} in every store.
     *
     * @return items deleted per data type
     */
    public Map<String, Long> deleteInactiveBefore(Instant cutoff) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (SubjectDataStore st : stores) {
            long n = st.deleteInactiveBefore(cutoff);
            listener.deleted(st.dataType(), "retention", n);
            out.merge(st.dataType(), n, Long::sum);
        }
        return out;
    }

    private long storedItems(String s) {
        long n = 0;
        for (SubjectDataStore st : stores) {
            n += st.count(s);
        }
        return n;
    }

    /** The erasure id and how many records of the subject each chain holds, counted while the keys still exist. */
    private Map<String, Object> plan(ErasureRequest request, List<String> chains) {
        Map<String, Object> byChain = new LinkedHashMap<>();
        Optional<String> p = keys.recordPseudonym(request.subjectId());
        for (String c : chains) {
            long n = 0;
            if (p.isPresent()) {
                RecordQuery q = RecordQuery.builder(parseChain(c)).subjectId(p.get()).limit(RecordQuery.MAX_LIMIT).build();
                while (true) {
                    RecordPage page = store.query(q);
                    n += page.records().size();
                    if (page.next().isEmpty()) {
                        break;
                    }
                    q = q.after(page.nextAfterSeq());
                }
            }
            byChain.put(c, n);
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("erasure_id", UUID.randomUUID().toString());
        plan.put("records_by_chain", byChain);
        return plan;
    }

    private static Map<String, Object> deletion(String type, String how, long count, String where) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_type", type);
        m.put("method", how);
        m.put("count", count);
        if (where != null) {
            m.put("store", where);
        }
        return m;
    }

    private static ChainId parseChain(String c) {
        int slash = c.indexOf('/');
        return ChainId.of(c.substring(0, slash), c.substring(slash + 1));
    }
}
