/**
 * The contract test kit: abstract JUnit 5 suites, one per concern, that every
 * {@link dev.custody.ports.AuditStore} runs to prove it keeps the port's promises.
 *
 * <p>Depend on {@code custody-tck} in test scope and subclass each contract once, implementing
 * {@link dev.custody.tck.StoreContract#openStore(java.nio.file.Path)}; override
 * {@link dev.custody.tck.StoreContract#unsupported()} for the capabilities the store lacks (each is then
 * asserted to be undeclared and to fail as {@link dev.custody.ports.StoreCapability} documents):
 *
 * <pre>{@code
 * class FileAppendAndTipTest extends AppendAndTipContract {
 *     @Override
 *     protected AuditStore openStore(Path dir) {
 *         return new FileAuditStore(dir);               // reopens the data already in dir
 *     }
 *
 *     @Override
 *     protected Set<StoreCapability> unsupported() {
 *         return EnumSet.of(StoreCapability.PURGE_BEFORE_SEQ);  // default: none
 *     }
 * }
 * }</pre>
 *
 * <p>The contracts: {@link dev.custody.tck.AppendAndTipContract}, {@link dev.custody.tck.ConditionalAppendContract},
 * {@link dev.custody.tck.RangeAndQueryContract}, {@link dev.custody.tck.StreamingContract},
 * {@link dev.custody.tck.ConcurrencyContract}, {@link dev.custody.tck.DurabilityContract},
 * {@link dev.custody.tck.InputRejectionContract} and {@link dev.custody.tck.PurgeContract}. Every test
 * writes to fresh random chains, so a store over a shared database needs no cleanup between tests.
 *
 * <p>Sinks run the contracts of {@link dev.custody.tck.sink}: {@code SinkOrderingContract},
 * {@code SinkAtLeastOnceContract} and {@code SinkBatchingContract}, each subclassed with the sink and a
 * real receiver on loopback ({@code newSink()}, {@code receivedIds()}, {@code stopReceiver()/startReceiver()}).
 */
package dev.custody.tck;
