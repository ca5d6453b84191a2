package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.auth.Caller;
import dev.custody.app.idempotency.Idempotency;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.app.problem.Problems;
import dev.custody.domain.chain.EventJson;
import dev.custody.domain.chain.InvalidEventException;
import dev.custody.domain.chain.Timestamps;
import dev.custody.domain.spool.AppendOutcome;
import dev.custody.domain.spool.SpoolingAppender;
import dev.custody.domain.config.Role;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.hot.HotTierUnavailableException;
import dev.custody.ports.hot.IngestEntry;
import java.util.ArrayList;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code POST /v1/audit/events}: appends one event or a batch to one chain, answering once durable. */
@Controller("/v1/audit/events")
@Tag(name = "events")
final class IngestController {

    private final CustodyRuntime runtime;
    private final SpoolingAppender appender;
    private final Idempotency idempotency;
    private final Problems problems;

    IngestController(CustodyRuntime runtime, SpoolingAppender appender, Idempotency idempotency, Problems problems) {
        this.runtime = runtime;
        this.appender = appender;
        this.idempotency = idempotency;
        this.problems = problems;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Append audit events",
            description = "Body: one event object, or {\"events\": [...]} with up to the configured batch limit. "
                    + "All events of one request must belong to one chain (namespace, tenant); the batch is stored "
                    + "entirely or not at all. 201 is sent only once the records are durable. Role: writer.")
    @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER, description = "1..255 printable ASCII characters")
    @ApiResponse(responseCode = "201", description = "{\"records\":[{\"id\",\"namespace\",\"tenant\",\"seq\",\"record_hash\"}]}")
    @ApiResponse(responseCode = "202", description = "Either the system of record is unreachable and the events are durable in "
            + "this instance's local spool (not soc2/hipaa-durable yet): {\"spooled\":true,\"records\":[{\"id\",\"namespace\","
            + "\"tenant\",\"accepted_at\"}]}, they get their seq when the store returns; or compliance mode none with a hot "
            + "tier: {\"accepted\":[{\"id\",\"namespace\",\"tenant\"}]} once the events are in the hot tier's ingest buffer, "
            + "seq and hash are assigned when promoted")
    @ApiResponse(responseCode = "400", description = "INVALID_JSON or INVALID_EVENT, naming the field; the namespaces custody "
            + "and custody.* are reserved for the service's own records (INVALID_EVENT, field /namespace)")
    @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED")
    @ApiResponse(responseCode = "429", description = "OVERLOADED, with Retry-After")
    @ApiResponse(responseCode = "503", description = "STORE_UNAVAILABLE (spool disabled, e.g. hipaa), SPOOL_FULL or SINK_UNAVAILABLE "
            + "(a fail-closed sink is failing), with Retry-After")
    CompletableFuture<MutableHttpResponse<byte[]>> append(HttpRequest<?> request, @Nullable @Body byte[] body,
            @Nullable @Header(Idempotency.HEADER) String idempotencyKey) {
        try {
            Caller caller = Caller.of(request);
            caller.requireAnyRole(Role.WRITER);
            String type = request.getContentType().map(MediaType::getName).orElse("(none)");
            if (!type.equals(MediaType.APPLICATION_JSON)) {
                throw ProblemException.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                        "content type " + type + " is not supported here; send application/json");
            }
            byte[] bytes = body == null ? new byte[0] : body;
            return idempotency.run(caller.name(), idempotencyKey, bytes, () -> appendNow(request, caller, bytes))
                    .exceptionally(t -> problems.response(t, request));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(problems.response(e, request));
        }
    }

    private CompletableFuture<MutableHttpResponse<byte[]>> appendNow(HttpRequest<?> request, Caller caller, byte[] body) {
        try {
            EventRequest events = EventRequest.parse(body, runtime.config().limits());
            caller.requireCovers(events.chain(), events.pointer(0) + "/tenant");
            runtime.delivery().checkIngest();
            if (runtime.asyncIngest()) {
                MutableHttpResponse<byte[]> queued = enqueue(events);
                if (queued != null) {
                    return CompletableFuture.completedFuture(queued);
                }
            }
            CompletableFuture<AppendOutcome> outcome;
            try {
                outcome = appender.appendAsync(events.events());
            } catch (InvalidEventException e) {
                throw events.batch() && events.events().size() == 1 ? e.inBatch(0) : e;
            }
            return outcome.thenApply(o -> o instanceof AppendOutcome.Stored s ? created(s.records()) : accepted((AppendOutcome.Spooled) o))
                    .exceptionally(t -> problems.response(t, request));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(problems.response(e, request));
        }
    }

    /** {@code 202 {"spooled":true,"records":[{"id","namespace","tenant","accepted_at"}]}}: durable in the spool only. */
    static MutableHttpResponse<byte[]> accepted(AppendOutcome.Spooled spooled) {
        StringBuilder sb = new StringBuilder(48 + spooled.ids().size() * 150).append("{\"spooled\":true,\"records\":[");
        String at = Timestamps.formatMicros(spooled.acceptedAt());
        for (int i = 0; i < spooled.ids().size(); i++) {
            sb.append(i == 0 ? "{\"id\":\"" : ",{\"id\":\"").append(spooled.ids().get(i))
                    .append("\",\"namespace\":\"").append(spooled.chain().namespace())
                    .append("\",\"tenant\":\"").append(spooled.chain().tenant())
                    .append("\",\"accepted_at\":\"").append(at).append("\"}");
        }
        byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        return HttpResponse.<byte[]>status(HttpStatus.ACCEPTED).body(body).contentType(MediaType.APPLICATION_JSON);
    }

    /**
     * Async ingest: {@code 202} once the events are in the chain's ingest buffer, or null when the buffer is
     * unreachable (the caller then writes synchronously: no write fails because Redis is down).
     */
    private MutableHttpResponse<byte[]> enqueue(EventRequest events) {
        List<String> ids;
        try {
            ids = runtime.appender().assignIds(events.events());
        } catch (InvalidEventException e) {
            throw events.batch() && events.events().size() == 1 ? e.inBatch(0) : e;
        }
        List<IngestEntry> entries = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            entries.add(IngestEntry.of(ids.get(i), EventJson.write(events.events().get(i))));
        }
        try {
            runtime.hotTier().orElseThrow().enqueue(events.chain(), entries);
        } catch (HotTierUnavailableException e) {
            return null;
        }
        StringBuilder sb = new StringBuilder(32 + ids.size() * 120).append("{\"accepted\":[");
        for (int i = 0; i < ids.size(); i++) {
            sb.append(i == 0 ? "{\"id\":\"" : ",{\"id\":\"").append(ids.get(i))
                    .append("\",\"namespace\":\"").append(events.chain().namespace())
                    .append("\",\"tenant\":\"").append(events.chain().tenant()).append("\"}");
        }
        byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        return HttpResponse.<byte[]>status(HttpStatus.ACCEPTED).body(body).contentType(MediaType.APPLICATION_JSON);
    }

    /**
     * {@code 201 {"records":[{"id","namespace","tenant","seq","record_hash"}]}}. Written directly: ids are
     * UUIDs, names match {@code [a-z0-9._-]}, hashes are hex, so nothing needs escaping (a 100-event answer
     * through a generic map serializer cost a fifth of the server's CPU).
     */
    static MutableHttpResponse<byte[]> created(List<AuditRecord> records) {
        StringBuilder sb = new StringBuilder(32 + records.size() * 190).append("{\"records\":[");
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            sb.append(i == 0 ? "{\"id\":\"" : ",{\"id\":\"").append(r.id())
                    .append("\",\"namespace\":\"").append(r.chain().namespace())
                    .append("\",\"tenant\":\"").append(r.chain().tenant())
                    .append("\",\"seq\":").append(r.seq())
                    .append(",\"record_hash\":\"").append(r.recordHash()).append("\"}");
        }
        byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        return HttpResponse.<byte[]>status(HttpStatus.CREATED).body(body).contentType(MediaType.APPLICATION_JSON);
    }
}
