package dev.custody.app.idempotency;

/** The chosen {@link IdempotencyStore}, closed with the context (the hot-tier one owns a polling thread). */
record IdempotencyStoreHandle(IdempotencyStore store) implements AutoCloseable {

    @Override
    public void close() {
        if (store instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the idempotency store failed", e);
            }
        }
    }
}
