package dev.custody.app.tiering;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.access.AccessPurpose;
import dev.custody.app.access.ReadAudit;
import dev.custody.app.auth.Caller;
import dev.custody.app.problem.JsonOut;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.config.Role;
import dev.custody.domain.tiering.CustodyVerifier;
import dev.custody.domain.tiering.ForensicsReport;
import dev.custody.ports.CustodyEntry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /forensics/verify?event_id=}: recomputes an event's chain of custody across every tier. */
@Controller("/forensics/verify")
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
@Tag(name = "verification")
final class ForensicsController {

    private final CustodyRuntime runtime;

    ForensicsController(CustodyRuntime runtime) {
        this.runtime = runtime;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Parameter(name = AccessPurpose.HEADER, in = ParameterIn.HEADER, description = AccessPurpose.DOC)
    @ApiResponse(responseCode = "400", description = AccessPurpose.DOC_400)
    @ApiResponse(responseCode = "503", description = AccessPurpose.DOC_503)
    @Operation(summary = "Verify an event's chain of custody",
            description = "Recomputes {event_id, stage, ts, hash, prev_hash, location, actor} for ingest, ledger, archive and "
                    + "restore, checks each where it points and reports {event_id, namespace, tenant, seq, record_hash, valid, "
                    + "stages[{..., ok, problem}], mismatches[]}. 404 when no tier holds the event, or the key's scopes do not cover "
                    + "its chain (the same answer); 400 for a malformed id. "
                    + "Role: auditor.")
    HttpResponse<byte[]> verify(HttpRequest<?> request, @Nullable @QueryValue("event_id") String eventId) {
        ReadAudit audit = ReadAudit.open(request, runtime, "forensics.verify").filter("event_id", eventId);
        return audit.guard(() -> verify(audit, eventId));
    }

    private HttpResponse<byte[]> verify(ReadAudit audit, String eventId) {
        Caller caller = audit.caller();
        caller.requireAnyRole(Role.AUDITOR);
        if (eventId == null || eventId.isBlank()) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "event_id", "event_id is required");
        }
        try {
            if (!UUID.fromString(eventId).toString().equals(eventId)) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "event_id", "event_id must be a lower-case UUID");
        }
        CustodyVerifier verifier = runtime.tiering().map(Tiering::forensics)
                .orElseGet(() -> new CustodyVerifier(runtime.store(), null, null));
        ForensicsReport report = verifier.verify(eventId);
        if (!report.found()) {
            audit.granted(0);
            throw notFound(eventId);
        }
        if (!caller.covers(report.chain()) || !audit.mayRead(report.chain())) {
            // recorded as what it is on the caller's side, answered exactly as an event no tier holds
            audit.requested(report.chain().namespace(), report.chain().tenant())
                    .denied("API key '" + caller.name() + "' may not access chain " + report.chain());
            throw notFound(eventId);
        }
        audit.chain(report.chain());
        audit.granted(1);
        return HttpResponse.ok(JsonOut.bytes(body(report))).contentType(MediaType.APPLICATION_JSON);
    }

    private static ProblemException notFound(String eventId) {
        return ProblemException.of(ProblemCode.NOT_FOUND, "no tier holds event " + eventId);
    }

    static Map<String, Object> body(ForensicsReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", r.eventId());
        m.put("namespace", r.chain().namespace());
        m.put("tenant", r.chain().tenant());
        m.put("seq", r.seq());
        m.put("record_hash", r.recordHash());
        m.put("valid", r.valid());
        List<Object> stages = new ArrayList<>();
        for (ForensicsReport.Stage s : r.stages()) {
            CustodyEntry e = s.entry();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("event_id", e.eventId());
            o.put("stage", e.stage().wireName());
            o.put("ts", DateTimeFormatter.ISO_INSTANT.format(e.ts()));
            o.put("hash", e.hash());
            o.put("prev_hash", e.prevHash());
            o.put("location", e.location());
            o.put("actor", e.actor());
            o.put("ok", s.ok());
            o.put("problem", s.problem());
            stages.add(o);
        }
        m.put("stages", stages);
        m.put("mismatches", r.mismatches());
        return m;
    }
}
