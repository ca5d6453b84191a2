package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.auth.Caller;
import dev.custody.app.problem.JsonOut;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.app.retention.Retention;
import dev.custody.domain.chain.Sha256;
import dev.custody.domain.config.Role;
import dev.custody.domain.config.TenantScope;
import dev.custody.domain.retention.Hold;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /v1/holds}: place, list and release legal holds. Every change is an {@code admin} record (ADR 0073). */
@Controller("/v1/holds")
@Tag(name = "retention")
final class HoldsController {

    private final CustodyRuntime runtime;
    private final Retention retention;

    HoldsController(CustodyRuntime runtime, Retention retention) {
        this.runtime = runtime;
        this.retention = retention;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Operation(summary = "Place a legal hold",
            description = "Body {\"scope\":{\"namespace\",\"tenant\",\"subject_id\"?,\"from\"?,\"to\"?},\"reason\",\"case_id\"}; "
                    + "namespace or tenant * holds a whole tenant (every namespace) or a whole namespace (every tenant). "
                    + "Retention deletes no covered record (nor anything after it in its chain), erasure of the subject answers "
                    + "409 SUBJECT_ON_HOLD, archived segments of the chain get the archive's legal hold. The subject id is kept "
                    + "only as pseudonyms. Answers the hold. The key's scopes must cover every chain of the scope (403 otherwise). "
                    + "Role: admin.")
    @ApiResponse(responseCode = "201", description = "the hold placed")
    @ApiResponse(responseCode = "400", description = "INVALID_JSON or INVALID_PARAMETER naming the field")
    HttpResponse<byte[]> place(HttpRequest<?> request, @Nullable @Body byte[] body) {
        Caller caller = Caller.of(request);
        caller.requireAnyRole(Role.ADMIN);
        JsonObject o = JsonBody.parseObject(body, ProblemCode.INVALID_PARAMETER);
        o.allowOnly(Set.of("scope", "reason", "case_id"));
        JsonObject scope = o.object("scope", true);
        scope.allowOnly(Set.of("namespace", "tenant", "subject_id", "from", "to"));
        String namespace = scope.string("namespace", true);
        String tenant = scope.string("tenant", true);
        if (!namespace.equals("*") && !ChainId.isValidName(namespace)) {
            throw scope.fail("namespace", "must match " + ChainId.NAME_PATTERN.pattern() + ", or be * (every namespace)");
        }
        if (!tenant.equals("*") && !ChainId.isValidName(tenant)) {
            throw scope.fail("tenant", "must match " + ChainId.NAME_PATTERN.pattern() + ", or be * (every tenant)");
        }
        caller.requireCovers(new TenantScope(namespace, tenant), "/scope/tenant");
        String subjectId = scope.string("subject_id", false);
        Instant from = instant(scope, "from");
        Instant to = instant(scope, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw scope.fail("to", "must be after from");
        }
        String reason = o.string("reason", true);
        String caseId = o.string("case_id", true);
        String pseudonym = null;
        String match = null;
        if (subjectId != null) {
            // the service pseudonym (keyed by the service's key store, which every deployment has): erasure and the
            // subject data stores name the subject by it, so the hold stops both, with personal-data protection on or off
            pseudonym = runtime.privacy().erasure().subjectKey(subjectId);
            match = runtime.privacy().storedSubjectId(subjectId).map(Sha256::hex).orElse(null);
        }
        Hold h = retention.holds().place(namespace, tenant, pseudonym, match, from, to, reason, caseId,
                new Ref("api_key", caller.name()));
        return HttpResponse.<byte[]>status(HttpStatus.CREATED).body(JsonOut.bytes(json(h))).contentType(MediaType.APPLICATION_JSON);
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Operation(summary = "List legal holds", description = "{\"holds\":[hold...]}, oldest first: the holds on chains the "
            + "key's scopes cover, no other. Role: admin.")
    @ApiResponse(responseCode = "200", description = "the holds in force within the key's scopes")
    HttpResponse<byte[]> list(HttpRequest<?> request) {
        Caller caller = Caller.of(request);
        caller.requireAnyRole(Role.ADMIN);
        return HttpResponse.ok(JsonOut.bytes(Map.of("holds", retention.holds().active().stream()
                        .filter(h -> visible(caller, h)).map(HoldsController::json).toList())))
                .contentType(MediaType.APPLICATION_JSON);
    }

    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Operation(summary = "Release a legal hold", description = "Answers the released hold. A hold on a chain outside the "
            + "key's scopes is answered as a hold that does not exist. Role: admin.")
    @ApiResponse(responseCode = "200", description = "the hold released")
    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such hold in force within the key's scopes")
    HttpResponse<byte[]> release(HttpRequest<?> request, @PathVariable String id) {
        Caller caller = Caller.of(request);
        caller.requireAnyRole(Role.ADMIN);
        ProblemException missing = ProblemException.of(ProblemCode.NOT_FOUND, "no legal hold " + id + " is in force");
        // a hold's chain never changes, so checking it before the release is enough
        if (retention.holds().active().stream().noneMatch(h -> h.id().equals(id) && visible(caller, h))) {
            throw missing;
        }
        Hold h = retention.holds().release(id, new Ref("api_key", caller.name())).orElseThrow(() -> missing);
        return HttpResponse.ok(JsonOut.bytes(json(h))).contentType(MediaType.APPLICATION_JSON);
    }

    /** Whether the key's scopes cover every chain the hold covers: only then does it exist for the key. */
    private static boolean visible(Caller caller, Hold h) {
        return caller.covers(h.chains());
    }

    private static Instant instant(JsonObject o, String name) {
        String v = o.string(name, false);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw o.fail(name, "must be an RFC 3339 UTC time such as 2026-01-01T00:00:00Z");
        }
    }

    static Map<String, Object> json(Hold h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", h.id());
        out.put("scope", h.scopeJson());
        out.put("reason", h.reason());
        out.put("case_id", h.caseId());
        out.put("placed_at", h.placedAt().toString());
        out.put("placed_by", h.placedBy());
        return out;
    }
}
