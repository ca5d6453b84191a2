package dev.custody.app.idempotency;

import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.IdempotencyEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Idempotency keys in the hot tier, shared by every replica, expiring after the tier's TTL. A duplicate that
 * arrives while the first request is still running (on any replica) waits for its answer by polling.
 */
final class HotTierIdempotencyStore implements IdempotencyStore, AutoCloseable {

    static final long POLL_MILLIS = 10;
    static final long MAX_WAIT_MILLIS = 30_000;

    private final HotTier hot;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "custody-idempotency-wait");
        t.setDaemon(true);
        return t;
    });

    HotTierIdempotencyStore(HotTier hot) {
        this.hot = hot;
    }

    private static String id(String scope, String key) {
        return scope + "\u0000" + key;
    }

    @Override
    public Claim claim(String scope, String key, String bodySha256) {
        Optional<IdempotencyEntry> existing = hot.claimKey(id(scope, key), bodySha256);
        if (existing.isEmpty()) {
            return new Claim.Owner();
        }
        if (!existing.get().fingerprint().equals(bodySha256)) {
            return new Claim.Mismatch();
        }
        CompletableFuture<Optional<StoredAnswer>> answer = new CompletableFuture<>();
        await(id(scope, key), bodySha256, existing.get(), answer, System.nanoTime() + MAX_WAIT_MILLIS * 1_000_000);
        return new Claim.Existing(answer);
    }

    private void await(String id, String fingerprint, IdempotencyEntry seen, CompletableFuture<Optional<StoredAnswer>> out,
            long deadline) {
        if (seen.completed().isPresent()) {
            out.complete(Optional.of(decode(seen.completed().get())));
            return;
        }
        if (System.nanoTime() > deadline) {
            out.completeExceptionally(new IllegalStateException("the first request with this Idempotency-Key is still "
                    + "running after " + MAX_WAIT_MILLIS + " ms"));
            return;
        }
        poller.schedule(() -> {
            try {
                Optional<IdempotencyEntry> now = hot.idempotencyKey(id);
                if (now.isEmpty() || !now.get().fingerprint().equals(fingerprint)) {
                    out.complete(Optional.empty());      // the first request failed: claim again
                } else {
                    await(id, fingerprint, now.get(), out, deadline);
                }
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        }, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void complete(String scope, String key, StoredAnswer answer) {
        // the fingerprint is kept by the claim; complete it under whatever fingerprint holds it
        hot.idempotencyKey(id(scope, key)).ifPresent(e -> hot.completeKey(id(scope, key), e.fingerprint(), encode(answer)));
    }

    @Override
    public void abandon(String scope, String key) {
        hot.idempotencyKey(id(scope, key)).ifPresent(e -> hot.releaseKey(id(scope, key), e.fingerprint()));
    }

    static byte[] encode(StoredAnswer a) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(a.status());
            out.writeUTF(a.contentType());
            byte[] body = a.body();
            out.writeInt(body.length);
            out.write(body);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StoredAnswer decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            int status = in.readInt();
            String type = in.readUTF();
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return new StoredAnswer(status, type, body);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored idempotent answer is corrupt", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
