package dev.custody.app.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.config.ArchiveConfig;
import dev.custody.domain.tiering.ArchivalListener;
import dev.custody.domain.tiering.ArchivalPace;
import dev.custody.domain.tiering.ArchivalPolicy;
import dev.custody.domain.tiering.ArchivalRunner;
import dev.custody.domain.tiering.Archiver;
import dev.custody.domain.tiering.ChainExport;
import dev.custody.domain.tiering.CustodyVerifier;
import dev.custody.domain.tiering.LiveTraffic;
import dev.custody.domain.tiering.Restorer;
import dev.custody.domain.tiering.SegmentCompression;
import dev.custody.domain.tiering.TieredVerifier;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditStore;
import java.time.Clock;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tiering services over the system of record and the configured cold archive: archival (with retries and
 * the consecutive-failure alert), cross-tier verification and export, restore and forensics. One per runtime; the service
 * and the offline commands share it. Archival yields to the runtime's own appends ({@code custody.archive.pace}, ADR 0122).
 */
public final class Tiering {

    private final ArchiveStore archive;
    private final ArchiveConfig config;
    private final SegmentCompression compression = new ZstdCompression();
    private final ArchivalRunner runner;
    private final TieredVerifier verifier;
    private final Restorer restorer;
    private final CustodyVerifier forensics;
    private final ChainExport export;
    private final CopyOnWriteArrayList<ArchivalListener> listeners = new CopyOnWriteArrayList<>();
    private final AuditStore store;
    private final String actor;
    private final ArchivalPace pace;

    /** @param traffic the appends of this runtime, which archival yields to */
    public Tiering(AuditStore store, ArchiveStore archive, ArchiveConfig config, String actor, Clock clock, LiveTraffic traffic) {
        this.archive = requireNonNull(archive, "archive is null");
        this.config = requireNonNull(config, "config is null");
        this.store = requireNonNull(store, "store is null");
        this.actor = requireNonNull(actor, "actor is null");
        this.pace = new ArchivalPace(config.pace(), traffic);
        Archiver archiver = new Archiver(store, archive, compression, new ArchivalPolicy(config.archiveAfter(),
                config.segmentMaxRecords(), config.retention(), config.legalHold(), actor, config.keepWarm()), clock, pace);
        this.runner = new ArchivalRunner(archiver, config.maxAttempts(), config.backoff(), d -> Thread.sleep(d.toMillis()),
                new ArchivalListener() {
                    @Override
                    public void archived(dev.custody.domain.tiering.ArchivalReport report) {
                        listeners.forEach(l -> l.archived(report));
                    }

                    @Override
                    public void failed(dev.custody.ports.ChainId chain, int attempt, int consecutive, Throwable error) {
                        listeners.forEach(l -> l.failed(chain, attempt, consecutive, error));
                    }
                });
        this.verifier = new TieredVerifier(archive, compression);
        this.restorer = new Restorer(store, archive, compression, clock);
        this.forensics = new CustodyVerifier(store, archive, compression);
        this.export = new ChainExport(archive, compression);
    }

    /**
     * Archives the records of {@code chain} recorded before {@code cutoff} (retention's {@code archive-after}), with
     * the configured segment size, WORM retention and legal hold; once, without the scheduler's retries.
     *
     * @return the report of the pass
     * @throws dev.custody.domain.tiering.ArchivalException when a segment cannot be written or does not check
     */
    public dev.custody.domain.tiering.ArchivalReport archiveBefore(dev.custody.ports.ChainId chain, java.time.Instant cutoff,
            java.time.Instant now) {
        java.time.Duration after = java.time.Duration.between(cutoff, now);
        Archiver once = new Archiver(store, archive, compression, new ArchivalPolicy(after.isNegative() ? java.time.Duration.ZERO : after,
                config.segmentMaxRecords(), config.retention(), config.legalHold(), actor, config.keepWarm()),
                Clock.fixed(now, java.time.ZoneOffset.UTC), pace);
        return once.archive(chain);
    }

    /** Adds a listener for archival runs (metrics, logs). */
    public void addListener(ArchivalListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    public ArchiveStore archive() {
        return archive;
    }

    public ArchiveConfig config() {
        return config;
    }

    public SegmentCompression compression() {
        return compression;
    }

    public ArchivalRunner runner() {
        return runner;
    }

    /** How archival yields to this runtime's appends. */
    public ArchivalPace pace() {
        return pace;
    }

    public TieredVerifier verifier() {
        return verifier;
    }

    public Restorer restorer() {
        return restorer;
    }

    public CustodyVerifier forensics() {
        return forensics;
    }

    /** Reads a chain across the archive and the system of record, for {@code GET /v1/audit/export} and {@code custody export}. */
    public ChainExport export() {
        return export;
    }
}
