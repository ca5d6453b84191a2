package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.auth.Caller;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.config.Role;
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
import java.util.Set;

/**
 * {@code PUT /v1/subject-data/checkpoints}: stores a conversation checkpoint of a subject in the configured
 * subject data store. The subject id travels in the body, not the URL, so it never lands in access logs.
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
            description = "Body {\"subject_id\",\"thread_id\",\"checkpoint\"}: checkpoint is any JSON value, stored as "
                    + "its JSON text under the subject's service pseudonym and the thread, with the time as last activity. "
                    + "Erasure deletes it; retention deletes threads inactive for its period. Role: writer.")
    @ApiResponse(responseCode = "204", description = "stored")
    @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER naming the field")
    @ApiResponse(responseCode = "409", description = "PERSONAL_DATA_DISABLED: no store of conversation checkpoints")
    HttpResponse<?> put(HttpRequest<?> request, @Nullable @Body byte[] body) {
        Caller.of(request).requireAnyRole(Role.WRITER);
        JsonObject o = JsonBody.parseObject(body, ProblemCode.INVALID_PARAMETER);
        o.allowOnly(Set.of("subject_id", "thread_id", "checkpoint"));
        String subjectId = o.string("subject_id", true);
        String thread = o.string("thread_id", true);
        if (!thread.matches("[A-Za-z0-9._-][A-Za-z0-9._:-]{0,127}")) {
            throw o.fail("thread_id", "must be 1 to 128 characters of [A-Za-z0-9._:-]");
        }
        if (subjectId.isEmpty() || subjectId.length() > 256) {
            throw o.fail("subject_id", "must be 1 to 256 characters");
        }
        Object checkpoint = o.raw("checkpoint");
        if (runtime.privacy().stores().stream().noneMatch(s -> s.dataType().equals(dev.custody.app.privacy.Privacy.CHECKPOINTS))) {
            throw ProblemException.of(ProblemCode.PERSONAL_DATA_DISABLED,
                    "no store of conversation checkpoints is configured (custody.subject-data.stores)");
        }
        runtime.privacy().putCheckpoint(subjectId, thread, dev.custody.domain.json.Jcs.canonicalize(checkpoint));
        return HttpResponse.noContent();
    }
}
