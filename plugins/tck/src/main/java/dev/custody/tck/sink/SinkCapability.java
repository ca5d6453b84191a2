package dev.custody.tck.sink;

/** What a sink's test receiver can do; every capability is supported unless the test says otherwise. */
public enum SinkCapability {
    /**
     * The test can stop its receiver and start it again at the same address
     * ({@link SinkContract#stopReceiver()} / {@link SinkContract#startReceiver()}). When unsupported,
     * {@code stopReceiver} must throw {@link UnsupportedOperationException}, and the kit asserts it does.
     */
    RECEIVER_RESTART
}
