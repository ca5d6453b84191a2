package dev.custody.app.api;

import dev.custody.app.auth.Caller;
import dev.custody.app.problem.JsonOut;
import dev.custody.app.problem.ProblemCode;
import dev.custody.domain.config.Role;
import dev.custody.app.retention.Retention;
import dev.custody.app.retention.RetentionJson;
import dev.custody.domain.retention.RetentionResult;
import dev.custody.domain.retention.RetentionScope;
import dev.custody.ports.Ref;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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

/** {@code POST /v1/retention/runs}: run retention now, or see what it would do. */
@Controller("/v1/retention/runs")
@Tag(name = "retention")
final class RetentionController {

    private final Retention retention;

    RetentionController(Retention retention) {
        this.retention = retention;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Operation(summary = "Run retention",
            description = "Body {\"dry_run\": true|false} (default false). Archives what is due, deletes the expired prefix of "
                    + "each chain in bounded batches, deletes inactive subject data and appends one retention record. A dry "
                    + "run changes nothing and answers the same counts. Answers {\"dry_run\",\"run_at\",\"took_ms\","
                    + "\"archived\",\"deleted\":{\"warm\":{kind:n},\"subject_data\":{type:n}},\"chains\",\"notes\",\"record\"}. "
                    + "A key scoped */* runs over every chain and the subject data stores; any other key over the chains its "
                    + "scopes cover only, and no subject data (ADR 0085). Role: admin.")
    @ApiResponse(responseCode = "200", description = "the run's result")
    @ApiResponse(responseCode = "400", description = "INVALID_JSON or INVALID_PARAMETER")
    @ApiResponse(responseCode = "403", description = "FORBIDDEN: not an admin key")
    @ApiResponse(responseCode = "409", description = "COMPLIANCE_VIOLATION: immutable audit is on and records have expired; "
            + "nothing was deleted")
    HttpResponse<byte[]> run(HttpRequest<?> request, @Nullable @Body byte[] body) {
        Caller caller = Caller.of(request);
        caller.requireAnyRole(Role.ADMIN);
        boolean dryRun = dryRun(body);
        // a scoped key's run reaches the chains its scopes cover and nothing else (ADR 0085)
        RetentionScope scope = caller.key().coversAll() ? RetentionScope.ALL : RetentionScope.only(caller::covers);
        RetentionResult result = retention.runner().run(dryRun, new Ref("api_key", caller.name()), scope);
        return HttpResponse.ok(JsonOut.bytes(RetentionJson.of(result))).contentType(MediaType.APPLICATION_JSON);
    }

    /** {@code {"dry_run": true|false}}; no body at all means a real run. */
    private static boolean dryRun(byte[] body) {
        if (body == null || body.length == 0) {
            return false;
        }
        JsonObject o = JsonBody.parseObject(body, ProblemCode.INVALID_PARAMETER);
        o.allowOnly(Set.of("dry_run"));
        return Boolean.TRUE.equals(o.bool("dry_run"));
    }
}
