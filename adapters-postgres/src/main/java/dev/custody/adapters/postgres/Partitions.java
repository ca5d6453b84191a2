package dev.custody.adapters.postgres;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a month partition exists before a record of that month is inserted. Calls the schema's
 * {@code ensure_partitions} function (idempotent, safe across replicas) at startup for the months ahead,
 * and again whenever an append carries a month this process has not seen yet; known months are cached.
 */
final class Partitions {

    /** Months created ahead at startup, the current one included. */
    static final int MONTHS_AHEAD = 3;

    private final StoreContext db;
    private final String schema;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    Partitions(StoreContext db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    /** Creates the partitions of this month and the next ones. */
    void prepare(Instant now) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        create(month, MONTHS_AHEAD);
        for (int i = 0; i < MONTHS_AHEAD; i++) {
            known.add(month.plusMonths(i));
        }
    }

    /** Ensures a partition exists for every instant given. */
    void ensure(Collection<Instant> times) {
        for (Instant t : times) {
            YearMonth month = YearMonth.from(t.atZone(ZoneOffset.UTC));
            if (!known.contains(month)) {
                create(month, 1);
                known.add(month);
            }
        }
    }

    private void create(YearMonth month, int months) {
        db.sql("SELECT " + schema + ".ensure_partitions(?, ?)", ps -> {
            ps.setObject(1, LocalDate.of(month.getYear(), month.getMonth(), 1));
            ps.setInt(2, months);
            ps.execute();
            return null;
        });
    }
}
