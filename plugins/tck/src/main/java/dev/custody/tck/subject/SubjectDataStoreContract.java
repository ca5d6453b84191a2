package dev.custody.tck.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.ChainId;
import dev.custody.ports.SubjectDataStore;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a subject data store ({@link SubjectDataStore}): items read back as stored and replaced in
 * place; erasure of one subject removes all of its items and nothing else, idempotently; retention deletes
 * exactly the items last active strictly before the cutoff, counts the same number in a dry run, and leaves the
 * subjects it is told to keep (legal holds) untouched however many they hold; items kept per chain stay apart from
 * others and within the chain's limit; keys outside the SPI's alphabet are refused before anything is stored.
 *
 * <p>Subclass it and implement {@link #openStore()}: it must return an <em>empty</em> store of its own for each
 * test (retention acts on every subject of a store). List what the store declines in {@link #unsupported()}; the
 * kit then checks that it throws {@link UnsupportedOperationException} as the SPI documents, instead of skipping.
 */
public abstract class SubjectDataStoreContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The store under test, open during each test. */
    protected SubjectDataStore store;

    /** An empty store, used by one test only, closed after it. */
    protected abstract SubjectDataStore openStore();

    /** The optional capabilities this store declines; none by default. */
    protected Set<SubjectDataCapability> unsupported() {
        return Set.of();
    }

    @BeforeEach
    void openStoreUnderTest() {
        store = openStore();
    }

    @AfterEach
    void closeStoreUnderTest() {
        store.close();
    }

    @Test
    void putGetCount_itemsReadBackAsStored_andAreReplacedInPlace() {
        assertThat(store.dataType()).isNotBlank();
        assertThat(store.describe()).isNotBlank();
        String text = "{\"m\":\"h\u00e9llo \u2713 \ud83d\ude80\",\"n\":[1,2]}";
        store.put("subj-a", "thread-1", text, T0);
        store.put("subj-a", "thread:2", "two", T0);
        assertThat(store.get("subj-a", "thread-1")).contains(text);
        assertThat(store.get("subj-a", "thread:2")).as("a colon is allowed in an item id").contains("two");
        assertThat(store.count("subj-a")).isEqualTo(2);

        store.put("subj-a", "thread-1", "replaced", T0.plusSeconds(1));
        assertThat(store.get("subj-a", "thread-1")).contains("replaced");
        assertThat(store.count("subj-a")).as("replacing keeps one item").isEqualTo(2);
        assertThat(store.get("subj-a", "no-such-thread")).isEmpty();
        assertThat(store.get("subj-z", "thread-1")).isEmpty();
        assertThat(store.count("subj-z")).isZero();
    }

    @Test
    void deleteSubject_removesEveryItemOfThatSubjectOnly_andIsIdempotent() {
        store.put("subj-a", "t1", "a1", T0);
        store.put("subj-a", "t2", "a2", T0);
        store.put("subj-b", "t1", "b1", T0);

        assertThat(store.deleteSubject("subj-a")).isEqualTo(2);
        assertThat(store.deleteSubject("subj-a")).as("again").isZero();
        assertThat(store.deleteSubject("never-seen")).isZero();
        assertThat(store.count("subj-a")).isZero();
        assertThat(store.get("subj-a", "t1")).isEmpty();
        assertThat(store.get("subj-b", "t1")).contains("b1");
        assertThat(store.count("subj-b")).isEqualTo(1);
    }

    @Test
    void deleteInactiveBefore_deletesItemsLastActiveStrictlyBeforeTheCutoff() {
        Instant cutoff = T0.plusSeconds(100);
        store.put("subj-a", "old", "x", T0);
        store.put("subj-a", "at-cutoff", "y", cutoff);
        store.put("subj-b", "touched", "z", T0.plusSeconds(10));
        store.put("subj-b", "touched", "z2", T0.plusSeconds(200));   // active again after the cutoff
        store.put("subj-c", "old", "w", cutoff.minusMillis(1));

        if (supports(SubjectDataCapability.COUNT_INACTIVE)) {
            assertThat(store.countInactiveBefore(cutoff)).isEqualTo(2);
            assertThat(store.countInactiveBefore(cutoff, Set.of())).isEqualTo(2);
            assertThat(store.count("subj-a")).as("counting changes nothing").isEqualTo(2);
        } else {
            assertThatThrownBy(() -> store.countInactiveBefore(cutoff)).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(store.deleteInactiveBefore(cutoff)).isEqualTo(2);
        assertThat(store.get("subj-a", "old")).isEmpty();
        assertThat(store.get("subj-c", "old")).isEmpty();
        assertThat(store.get("subj-a", "at-cutoff")).as("active at the cutoff itself").contains("y");
        assertThat(store.get("subj-b", "touched")).contains("z2");
        assertThat(store.count("subj-a")).isEqualTo(1);
        assertThat(store.count("subj-c")).isZero();
        assertThat(store.deleteInactiveBefore(cutoff)).as("again").isZero();
        assertThat(store.deleteInactiveBefore(cutoff, Set.of())).as("no subject to keep").isZero();
    }

    @Test
    void deleteInactiveBefore_keepsTheSubjectsItIsTold_howeverManyItemsTheyHold() {
        Instant cutoff = T0.plusSeconds(100);
        store.put("held-1", "t", "h", T0);
        store.put("free-1", "t", "f", T0);
        if (!supports(SubjectDataCapability.KEEP_HELD_SUBJECTS)) {
            assertThatThrownBy(() -> store.deleteInactiveBefore(cutoff, Set.of("held-1")))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(store.count("held-1")).as("a store that cannot keep deletes nothing").isEqualTo(1);
            assertThat(store.count("free-1")).isEqualTo(1);
            return;
        }
        // more held items than a store is likely to fetch in one page, all older than the free ones
        for (int i = 0; i < 1_100; i++) {
            store.put("held-1", "t" + i, "h", T0.plusMillis(i));
        }
        store.put("held-2", "t", "h2", T0.plusSeconds(1));
        for (int i = 0; i < 30; i++) {
            store.put("free-" + (i % 3), "t" + i, "f", T0.plusSeconds(2).plusMillis(i));
        }
        Set<String> keep = Set.of("held-1", "held-2", "never-seen");

        if (supports(SubjectDataCapability.COUNT_INACTIVE)) {
            assertThat(store.countInactiveBefore(cutoff, keep)).isEqualTo(31);
        }
        assertThat(store.deleteInactiveBefore(cutoff, keep)).isEqualTo(31);
        assertThat(store.count("held-1")).isEqualTo(1_101);
        assertThat(store.get("held-2", "t")).contains("h2");
        assertThat(store.count("free-0") + store.count("free-1") + store.count("free-2")).isZero();
        assertThat(store.deleteInactiveBefore(cutoff, keep)).as("again").isZero();
        assertThat(store.deleteInactiveBefore(cutoff, Set.of())).as("released: now they go").isEqualTo(1_102);
        assertThat(store.count("held-1")).isZero();
    }

    @Test
    void keysOutsideTheAlphabet_areRefused_beforeAnythingIsStored() {
        for (String bad : new String[] {"", "a b", "a:b", "../etc", "a/b", "x".repeat(129), "caf\u00e9", "a\nb", "'; DROP TABLE x; --"}) {
            assertThatThrownBy(() -> store.put(bad, "t", "x", T0)).as("subject key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.count(bad)).as("subject key %s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.deleteSubject(bad)).as("subject key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : new String[] {"", ":lead", "a b", "../etc", "x".repeat(129)}) {
            assertThatThrownBy(() -> store.put("subj", bad, "x", T0)).as("item id %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.put(null, "t", "x", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("subj", "t", null, T0)).isInstanceOf(NullPointerException.class);
        assertThat(store.count("subj")).isZero();
        store.put("x".repeat(128), "y".repeat(128), "longest", T0);
        assertThat(store.get("x".repeat(128), "y".repeat(128))).contains("longest");
    }

    @Test
    void putIn_keepsItemsPerChain_apartFromUnscopedOnesAndOtherChains_withinTheChainsLimit() {
        ChainId acme = ChainId.of("billing", "acme");
        ChainId globex = ChainId.of("billing", "globex");
        if (!supports(SubjectDataCapability.SCOPED_ITEMS)) {
            assertThatThrownBy(() -> store.putIn(acme, "subj-a", "t1", "x", T0, 10))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> store.getIn(acme, "subj-a", "t1")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> store.countIn(acme)).isInstanceOf(UnsupportedOperationException.class);
            assertThat(store.count("subj-a")).isZero();
            return;
        }
        store.put("subj-a", "t1", "unscoped", T0);
        assertThat(store.putIn(acme, "subj-a", "t1", "acme's", T0, 2)).isTrue();
        assertThat(store.putIn(globex, "subj-a", "t1", "globex's", T0, 2)).isTrue();
        assertThat(store.get("subj-a", "t1")).as("the unscoped item is another item").contains("unscoped");
        assertThat(store.getIn(acme, "subj-a", "t1")).contains("acme's");
        assertThat(store.getIn(globex, "subj-a", "t1")).contains("globex's");
        assertThat(store.count("subj-a")).isEqualTo(3);

        assertThat(store.putIn(acme, "subj-b", "t1", "b", T0, 2)).isTrue();
        assertThat(store.countIn(acme)).isEqualTo(2);
        assertThat(store.putIn(acme, "subj-c", "t1", "over", T0, 2)).as("the chain is full").isFalse();
        assertThat(store.getIn(acme, "subj-c", "t1")).as("nothing stored").isEmpty();
        assertThat(store.count("subj-c")).isZero();
        assertThat(store.putIn(acme, "subj-b", "t1", "b2", T0.plusSeconds(1), 2)).as("replacing is no new item").isTrue();
        assertThat(store.getIn(acme, "subj-b", "t1")).contains("b2");
        assertThat(store.countIn(acme)).isEqualTo(2);
        assertThat(store.countIn(globex)).isEqualTo(1);
        assertThatThrownBy(() -> store.putIn(acme, "subj-a", "a/b", "x", T0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putIn(acme, "subj-a", "t9", "x", T0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void erasureAndRetention_reachItemsKeptPerChain_andFreeTheChainsLimit() {
        if (!supports(SubjectDataCapability.SCOPED_ITEMS)) {
            return;   // the previous test asserts that every scoped method throws
        }
        ChainId acme = ChainId.of("billing", "acme");
        Instant cutoff = T0.plusSeconds(100);
        store.putIn(acme, "subj-a", "t1", "a1", T0, 10);
        store.putIn(acme, "subj-a", "t2", "a2", T0.plusSeconds(200), 10);
        store.put("subj-a", "t1", "legacy", T0);
        store.putIn(acme, "subj-b", "old", "b", T0, 10);
        store.putIn(acme, "subj-c", "new", "c", T0.plusSeconds(200), 10);

        assertThat(store.deleteSubject("subj-a")).isEqualTo(3);
        assertThat(store.getIn(acme, "subj-a", "t2")).isEmpty();
        assertThat(store.countIn(acme)).isEqualTo(2);
        assertThat(store.deleteInactiveBefore(cutoff)).isEqualTo(1);
        assertThat(store.getIn(acme, "subj-b", "old")).isEmpty();
        assertThat(store.getIn(acme, "subj-c", "new")).contains("c");
        assertThat(store.countIn(acme)).isEqualTo(1);
        assertThat(store.putIn(acme, "subj-d", "t", "d", T0, 2)).as("deleted items no longer count").isTrue();
    }

    private boolean supports(SubjectDataCapability capability) {
        return !unsupported().contains(capability);
    }
}
