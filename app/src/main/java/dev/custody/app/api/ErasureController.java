package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.retention.Retention;
import dev.custody.domain.retention.Hold;
import dev.custody.ports.Ref;
import java.util.Optional;
import dev.custody.app.auth.Caller;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.config.Role;
import dev.custody.domain.privacy.ErasureOutcome;
import dev.custody.domain.privacy.ErasureRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;

/** {@code POST /v1/gdpr/erasures}: GDPR Art. 17 erasure of one data subject. */
@Controller("/v1/gdpr/erasures")
@Tag(name = "gdpr")
final class ErasureController {

    private final CustodyRuntime runtime;
    private final Retention retention;

    ErasureController(CustodyRuntime runtime, Retention retention) {
        this.runtime = runtime;
        this.retention = retention;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Operation(summary = "Erase a data subject (GDPR Art. 17)",
            description = "Body {\"subject_id\",\"reason\"?,\"requested_by\"}. Deletes the subject's data in every subject "
                    + "data store, destroys the subject's keysets (its personal fields on every chain become unreadable and "
                    + "its record pseudonym unlinkable) and appends a gdpr_erasure record, naming only the subject's "
                    + "service pseudonym, to each chain that held its records. Answers the erasure result. Role: admin, scoped */* "
                    + "(a scoped key gets 403 whatever the subject, ADR 0086).")
    @ApiResponse(responseCode = "201", description = "erased now: the erasure result")
    @ApiResponse(responseCode = "200", description = "erased before: the earlier result, nothing new appended")
    @ApiResponse(responseCode = "400", description = "INVALID_JSON or INVALID_PARAMETER naming the field")
    @ApiResponse(responseCode = "403", description = "FORBIDDEN: not an admin key, or not scoped */*")
    @ApiResponse(responseCode = "404", description = "UNKNOWN_SUBJECT: Custody holds nothing of this subject")
    @ApiResponse(responseCode = "409", description = "PERSONAL_DATA_DISABLED: custody.personal-data is off; SUBJECT_ON_HOLD: a "
            + "legal hold covers the subject (its id is in the detail; the refusal is recorded)")
    HttpResponse<byte[]> erase(HttpRequest<?> request, @Nullable @Body byte[] body) {
        Caller caller = Caller.of(request);
        caller.requireAnyRole(Role.ADMIN);
        // a subject's keys are one for every chain: a scoped key may neither erase nor learn of a subject (ADR 0086)
        caller.requireAllTenants("erasure, which crypto-shreds the subject on every chain,");
        JsonObject o = JsonBody.parseObject(body, ProblemCode.INVALID_PARAMETER);
        o.allowOnly(Set.of("subject_id", "reason", "requested_by"));
        String subjectId = o.string("subject_id", true);
        String reason = o.string("reason", false);
        String requestedBy = o.string("requested_by", true);
        if (!runtime.privacy().enabled()) {
            throw ProblemException.of(ProblemCode.PERSONAL_DATA_DISABLED, "personal-data protection is off "
                    + "(custody.personal-data), so subject ids are stored as sent and nothing can be crypto-shredded; "
                    + "enable it before ingesting personal data");
        }
        ErasureRequest erasure;
        try {
            erasure = new ErasureRequest(subjectId, reason, requestedBy);
        } catch (IllegalArgumentException e) {
            int colon = e.getMessage().indexOf(": ");
            throw o.fail(e.getMessage().substring(0, colon), e.getMessage().substring(colon + 2));
        }
        Optional<Hold> hold = retention.holds().onSubject(runtime.privacy().erasure().subjectKey(subjectId));
        if (hold.isPresent()) {
            retention.holds().erasureRefused(hold.get(), new Ref("api_key", caller.name()));
            throw ProblemException.of(ProblemCode.SUBJECT_ON_HOLD, "the subject is under legal hold " + hold.get().id()
                    + " (case " + hold.get().caseId() + "); nothing was erased. Release the hold first");
        }
        ErasureOutcome outcome = runtime.privacy().erasure().erase(erasure);
        if (outcome instanceof ErasureOutcome.Erased erased) {
            return HttpResponse.<byte[]>status(erased.performedNow() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(dev.custody.domain.json.Jcs.canonicalize(erased.result()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).contentType(MediaType.APPLICATION_JSON);
        }
        throw ProblemException.of(ProblemCode.UNKNOWN_SUBJECT, "Custody holds no data of this subject and has not erased it");
    }
}
