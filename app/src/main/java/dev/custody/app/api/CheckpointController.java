package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.auth.Caller;
import dev.custody.app.privacy.Privacy;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.chain.ServiceChains;
import dev.custody.domain.config.CheckpointLimits;
import dev.custody.domain.config.Role;
import dev.custody.domain.json.Jcs;
import dev.custody.ports.ChainId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code PUT /v1/subject-data/checkpoints}: stores a conversation checkpoint of a subject for one chain (namespace,
 * tenant) in the configured subject data store, within the size and per-tenant limits (ADR 0088). The subject id
 * travels in the body, not the URL, so it never lands in access logs.
 */
@Controller("/v1/subject-data/checkpoints")
@Tag(name = "gdpr")
final class CheckpointController {

    private final CustodyRuntime runtime;

    CheckpointController(CustodyRuntime runtime) {
        this.runtime = runtime;
    }

    @Put(consumes = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Operation(summary = "Store a conversation checkpoint",
            description = "Body {\"namespace\",\"tenant\",\"subject_id\",\"thread_id\",\"checkpoint\"}: checkpoint is any JSON "
                    + "value, stored as its JSON text (RFC 8785) under the chain, the subject's service pseudonym and the "
                    + "thread, with the time as last activity; the same thread of the same subject on another chain is "
                    + "another checkpoint. At most custody.subject-data.max-checkpoint-bytes (default 256 KiB) of JSON text "
                    + "each, at most custody.subject-data.max-checkpoints-per-tenant (default 10,000) per chain. Erasure "
                    + "deletes them; retention deletes threads inactive for its period. Role: writer, the key's scopes "
                    + "covering the chain.")
    @ApiResponse(responseCode = "204", description = "stored")
    @ApiResponse(responseCode = "400", description = "INVALID_JSON or INVALID_PARAMETER naming the field")
    @ApiResponse(responseCode = "403", description = "FORBIDDEN: not a writer key, or its scopes do not cover the chain")
    @ApiResponse(responseCode = "409", description = "PERSONAL_DATA_DISABLED: no store of conversation checkpoints, or one "
            + "that cannot keep them per tenant")
    @ApiResponse(responseCode = "413", description = "PAYLOAD_TOO_LARGE: the checkpoint is larger than the limit (/checkpoint)")
    @ApiResponse(responseCode = "422", description = "QUOTA_EXCEEDED: the chain holds its most checkpoints; nothing was stored")
    HttpResponse<?> put(HttpRequest<?> request, @Nullable @Body byte[] body) {
        Caller caller = Caller.of(request);
        caller.requireAnyRole(Role.WRITER);
        JsonObject o = JsonBody.parseObject(body, ProblemCode.INVALID_PARAMETER);
        o.allowOnly(Set.of("namespace", "tenant", "subject_id", "thread_id", "checkpoint"));
        ChainId chain = chain(o);
        caller.requireCovers(chain, "/tenant");
        String subjectId = o.string("subject_id", true);
        String thread = o.string("thread_id", true);
        if (!thread.matches("[A-Za-z0-9._-][A-Za-z0-9._:-]{0,127}")) {
            throw o.fail("thread_id", "must be 1 to 128 characters of [A-Za-z0-9._:-]");
        }
        if (subjectId.isEmpty() || subjectId.length() > 256) {
            throw o.fail("subject_id", "must be 1 to 256 characters");
        }
        Object checkpoint = o.raw("checkpoint");
        if (runtime.privacy().stores().stream().noneMatch(s -> s.dataType().equals(Privacy.CHECKPOINTS))) {
            throw ProblemException.of(ProblemCode.PERSONAL_DATA_DISABLED,
                    "no store of conversation checkpoints is configured (custody.subject-data.stores)");
        }
        CheckpointLimits limits = runtime.privacy().checkpointLimits();
        String text = Jcs.canonicalize(checkpoint);
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBytes()) {
            throw ProblemException.at(ProblemCode.PAYLOAD_TOO_LARGE, "/checkpoint", "the checkpoint is " + bytes
                    + " bytes of JSON text; at most " + limits.maxBytes() + " are accepted (custody.subject-data.max-checkpoint-bytes)");
        }
        boolean stored;
        try {
            stored = runtime.privacy().putCheckpoint(chain, subjectId, thread, text);
        } catch (UnsupportedOperationException e) {
            throw ProblemException.of(ProblemCode.PERSONAL_DATA_DISABLED, "the configured store of conversation "
                    + "checkpoints cannot keep them per tenant (SubjectDataStore.putIn): " + e.getMessage());
        }
        if (!stored) {
            throw ProblemException.at(ProblemCode.QUOTA_EXCEEDED, "/tenant", "this chain holds " + limits.maxPerChain()
                    + " conversation checkpoints, the most it may (custody.subject-data.max-checkpoints-per-tenant); "
                    + "nothing was stored");
        }
        return HttpResponse.noContent();
    }

    /** The chain the checkpoint is kept for: a valid name, never one of the service's own namespaces. */
    private static ChainId chain(JsonObject o) {
        String namespace = o.string("namespace", true);
        String tenant = o.string("tenant", true);
        if (!ChainId.isValidName(namespace)) {
            throw o.fail("namespace", "must match " + ChainId.NAME_PATTERN.pattern());
        }
        if (ServiceChains.isReserved(namespace)) {
            throw o.fail("namespace", "the namespaces custody and custody.* belong to the service");
        }
        if (!ChainId.isValidName(tenant)) {
            throw o.fail("tenant", "must match " + ChainId.NAME_PATTERN.pattern());
        }
        return ChainId.of(namespace, tenant);
    }
}
