package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.json.Json;
import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordLimits;
import dev.custody.ports.Ref;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The legal holds, kept as {@code admin} records on the chain {@value #NAMESPACE}/{@value #TENANT} of the system of
 * record (ADR 0073): placing and releasing a hold appends one; the active set is replayed from that chain whenever
 * its tip has moved, so every replica sharing the system of record sees the same holds. Archived segments of a
 * held chain get the archive's legal hold, released when no hold covers the chain any more.
 */
public final class LegalHolds implements RetentionHolds {

    public static final String NAMESPACE = dev.custody.domain.chain.ServiceChains.NAMESPACE;
    public static final String TENANT = "holds";
    public static final ChainId CHAIN = ChainId.of(NAMESPACE, TENANT);

    private final AuditStore store;
    private final ChainAppender appender;
    private final ArchiveStore archive;
    private final Clock clock;
    private long replayedTo = -1;
    private Map<String, Hold> active = new LinkedHashMap<>();

    /** @param archive the cold archive, or null when none is configured */
    public LegalHolds(AuditStore store, ChainAppender appender, ArchiveStore archive, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.archive = archive;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The holds in force, oldest first. */
    public synchronized List<Hold> active() {
        refresh();
        return List.copyOf(active.values());
    }

    /**
     * Places a hold and records it.
     *
     * @return the hold, with its new id
     */
    public synchronized Hold place(String namespace, String tenant, String subjectPseudonym, String subjectMatch, Instant from,
            Instant to, String reason, String caseId, Ref actor) {
        refresh();
        Hold h = new Hold("hold-" + UUID.randomUUID(), namespace, tenant, subjectPseudonym, subjectMatch, from, to, reason, caseId,
                clock.instant(), actor.type() + ":" + actor.id());
        append("hold.place", h, actor, "placed");
        active.put(h.id(), h);
        archiveHold(h.chains());
        return h;
    }

    /** Releases a hold and records it; empty when no such hold is in force. */
    public synchronized Optional<Hold> release(String id, Ref actor) {
        refresh();
        Hold h = active.get(id);
        if (h == null) {
            return Optional.empty();
        }
        append("hold.release", h, actor, "released");
        active.remove(id);
        archiveHold(h.chains());
        return Optional.of(h);
    }

    /** A hold on the subject with this service pseudonym, if one is in force. */
    public synchronized Optional<Hold> onSubject(String subjectPseudonym) {
        refresh();
        return active.values().stream().filter(h -> subjectPseudonym.equals(h.subjectPseudonym())).findFirst();
    }

    @Override
    public synchronized Set<String> heldSubjects() {
        refresh();
        return active.values().stream().map(Hold::subjectPseudonym).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Records that erasure of a held subject was refused. */
    public void erasureRefused(Hold hold, Ref actor) {
        append("erasure.refused", hold, actor, "refused");
    }

    @Override
    public synchronized Optional<String> holdOn(AuditRecord record) {
        refresh();
        return active.values().stream().filter(h -> h.covers(record)).map(Hold::id).findFirst();
    }

    private void append(String action, Hold h, Ref actor, String outcome) {
        Map<String, Object> scope = h.scopeJson();
        scope.put("subject_match", h.subjectMatch());   // read back by replay to match records
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("hold_id", h.id());
        payload.put("scope", scope);
        payload.put("reason", h.reason());
        payload.put("case_id", h.caseId());
        payload.put("placed_at", h.placedAt().toString());
        payload.put("placed_by", h.placedBy());
        appender.append(AuditEvent.builder(CHAIN).kind("admin").action(action).actor(actor).resource("legal_hold", h.id())
                .outcome(outcome).payload(payload).build());
    }

    private void refresh() {
        ChainTip tip = store.tip(CHAIN);
        if (tip.seq() == replayedTo) {
            return;
        }
        Map<String, Hold> replayed = new LinkedHashMap<>();
        try (Stream<AuditRecord> s = store.stream(CHAIN)) {
            s.forEach(r -> apply(r, replayed));
        }
        active = replayed;
        replayedTo = tip.seq();
    }

    private static void apply(AuditRecord r, Map<String, Hold> holds) {
        if (!(Json.parse(r.json(), RecordLimits.READER_MAX_DEPTH) instanceof Map<?, ?> rec) || !(rec.get("payload") instanceof Map<?, ?> p)
                || !(p.get("scope") instanceof Map<?, ?> scope)) {
            return;
        }
        String id = (String) p.get("hold_id");
        if ("hold.release".equals(r.action())) {
            holds.remove(id);
        } else if ("hold.place".equals(r.action())) {
            holds.put(id, new Hold(id, (String) scope.get("namespace"), (String) scope.get("tenant"),
                    (String) scope.get("subject_pseudonym"), (String) scope.get("subject_match"), instant(scope.get("from")),
                    instant(scope.get("to")), (String) p.get("reason"), (String) p.get("case_id"),
                    Instant.parse((String) p.get("placed_at")), (String) p.get("placed_by")));
        }
    }

    private static Instant instant(Object v) {
        return v == null ? null : Instant.parse((String) v);
    }

    /** Puts the archive's legal hold on every archived object of every held chain (segments archived since). */
    public synchronized void protectArchived() {
        refresh();
        active.values().stream().map(Hold::chains).distinct().forEach(this::archiveHold);
    }

    /**
     * Sets the archive's legal hold of every archived object of the chains of {@code scope} to whether a hold in force
     * covers the object's chain: on after a hold is placed, off after the last hold covering it was released.
     */
    private void archiveHold(dev.custody.domain.config.TenantScope scope) {
        if (archive == null || !archive.capabilities().contains(ArchiveCapability.LEGAL_HOLD)) {
            return;
        }
        String prefix = scope.namespace().equals("*") ? ""
                : scope.tenant().equals("*") ? scope.namespace() + "/"
                : dev.custody.domain.tiering.ArchiveLayout.chainPrefix(ChainId.of(scope.namespace(), scope.tenant()));
        List<String> keys = new ArrayList<>();
        for (ArchiveObject o : archive.list(prefix)) {
            keys.add(o.key());
        }
        for (String key : keys) {
            String[] parts = key.split("/", 3);
            if (parts.length < 3 || !ChainId.isValidName(parts[0]) || !ChainId.isValidName(parts[1])) {
                continue;   // not a chain's object
            }
            ChainId chain = ChainId.of(parts[0], parts[1]);
            if (scope.covers(chain)) {
                archive.setLegalHold(key, active.values().stream().anyMatch(h -> h.coversChain(chain)));
            }
        }
    }
}
