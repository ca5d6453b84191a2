package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AppendBatches;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs single contract tests against deliberately broken stores: the kit must fail each one. */
class KitCatchesBrokenStoresTest {

    @TempDir
    Path dir;

    @Test
    void kit_noticesADroppedCapability() {
        assertFails(new AppendAndTipContract() {
            @Override
            protected AuditStore openStore(Path d) {
                return new Broken() {
                    @Override
                    public Set<StoreCapability> capabilities() {
                        return EnumSet.of(StoreCapability.CONDITIONAL_APPEND);
                    }
                };
            }

            @Override
            protected Set<StoreCapability> unsupported() {
                return EnumSet.of(StoreCapability.DURABLE);
            }
        }, StoreContract::capabilities_areAllButTheUnsupportedOnes);
    }

    @Test
    void kit_noticesAnUnconditionalAppend() {
        assertFails(contract(ConditionalAppendContract.class, () -> new Broken() {
            @Override
            public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                AppendResult r = super.append(chain, expected, batch);
                return r instanceof AppendResult.Conflict
                        ? new AppendResult.Appended(ChainTip.of(batch.get(batch.size() - 1))) : r;
            }
        }), c -> ((ConditionalAppendContract) c).append_conflictsWhenExpectedSeqIsStale());
    }

    @Test
    void kit_noticesATipRoundedToMilliseconds() {
        assertFails(contract(AppendAndTipContract.class, () -> new Broken() {
            @Override
            public ChainTip tip(ChainId chain) {
                ChainTip t = super.tip(chain);
                return new ChainTip(t.seq(), t.recordHash(), t.recordedAt().truncatedTo(ChronoUnit.MILLIS));
            }
        }), c -> ((AppendAndTipContract) c).tip_isExactToTheMicrosecond());
    }

    @Test
    void kit_noticesABatchStoredInPart() {
        assertFails(contract(InputRejectionContract.class, () -> new Broken() {
            @Override
            public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
                try {
                    AppendBatches.check(chain, expected, batch);
                } catch (IllegalArgumentException e) {
                    ChainTip at = expected;
                    for (AuditRecord r : batch) {
                        try {
                            at = ((AppendResult.Appended) super.append(chain, at, List.of(r))).tip();
                        } catch (RuntimeException stop) {
                            break;
                        }
                    }
                    throw e;
                }
                return super.append(chain, expected, batch);
            }
        }), c -> ((InputRejectionContract) c).appendBatch_rejectsABrokenBatchAndWritesNothing(
                InputRejectionContract.BrokenBatch.LAST_OF_FIVE_BROKEN));
    }

    @Test
    void kit_noticesAPagingCursorThatRepeatsRecords() {
        assertFails(contract(RangeAndQueryContract.class, () -> new Broken() {
            @Override
            public RecordPage query(RecordQuery query) {
                RecordPage page = super.query(query);
                return page.nextAfterSeq() == 0 ? page : new RecordPage(page.records(), page.nextAfterSeq() - 1);
            }
        }), c -> ((RangeAndQueryContract) c).query_pagesYieldEachMatchOnceInSeqOrder());
    }

    @Test
    void kit_noticesAPurgeThatRemovesTheTip() {
        assertFails(contract(PurgeContract.class, () -> new Broken() {
            @Override
            public long purgeBefore(ChainId chain, long seq) {
                return super.purgeBefore(chain, seq) + (seq > tip(chain).seq() ? 1 : 0);
            }

            @Override
            public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
                long to = Math.min(toSeq, tip(chain).seq() - 1);
                return to < fromSeq ? Stream.empty() : super.stream(chain, fromSeq, to);
            }
        }), c -> ((PurgeContract) c).purgeBefore_beyondTheTipNeverRemovesTheTip());
    }

    @Test
    void kit_noticesAStoreClaimingDurabilityItLacks() {
        assertFails(contract(DurabilityContract.class, Broken::new),
                c -> ((DurabilityContract) c).reopen_keepsEveryRecordAndTip());
    }

    /** A contract of {@code type} over stores from {@code stores}, claiming every capability but MULTI_WRITER. */
    private static StoreContract contract(Class<? extends StoreContract> type, Supplier<AuditStore> stores) {
        if (type == AppendAndTipContract.class) {
            return new AppendAndTipContract() {
                @Override
                protected AuditStore openStore(Path d) {
                    return stores.get();
                }
            };
        }
        if (type == ConditionalAppendContract.class) {
            return new ConditionalAppendContract() {
                @Override
                protected AuditStore openStore(Path d) {
                    return stores.get();
                }
            };
        }
        if (type == RangeAndQueryContract.class) {
            return new RangeAndQueryContract() {
                @Override
                protected AuditStore openStore(Path d) {
                    return stores.get();
                }
            };
        }
        if (type == InputRejectionContract.class) {
            return new InputRejectionContract() {
                @Override
                protected AuditStore openStore(Path d) {
                    return stores.get();
                }
            };
        }
        if (type == PurgeContract.class) {
            return new PurgeContract() {
                @Override
                protected AuditStore openStore(Path d) {
                    return stores.get();
                }
            };
        }
        return new DurabilityContract() {
            @Override
            protected AuditStore openStore(Path d) {
                return stores.get();
            }
        };
    }

    private void assertFails(StoreContract contract, ContractTest test) {
        contract.dir = dir;
        contract.openStoreUnderTest();
        try {
            test.run(contract);
        } catch (AssertionError expected) {
            assertThat(expected).hasMessageNotContaining("did not finish");
            return;
        } finally {
            contract.closeStoreUnderTest();
        }
        fail("the contract passed against a broken store");
    }

    @FunctionalInterface
    private interface ContractTest {
        void run(StoreContract contract);
    }

    /** A memory store that claims to be durable; subclasses break one more thing. */
    private static class Broken implements AuditStore {
        private final MemoryAuditStore delegate = new MemoryAuditStore();

        @Override
        public Set<StoreCapability> capabilities() {
            return EnumSet.of(StoreCapability.CONDITIONAL_APPEND, StoreCapability.DURABLE,
                    StoreCapability.PURGE_BEFORE_SEQ);
        }

        @Override
        public ChainTip tip(ChainId chain) {
            return delegate.tip(chain);
        }

        @Override
        public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
            return delegate.append(chain, expected, batch);
        }

        @Override
        public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
            return delegate.stream(chain, fromSeq, toSeq);
        }

        @Override
        public RecordPage query(RecordQuery query) {
            return delegate.query(query);
        }

        @Override
        public Set<ChainId> chains() {
            return delegate.chains();
        }

        @Override
        public long purgeBefore(ChainId chain, long seq) {
            return delegate.purgeBefore(chain, seq);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
