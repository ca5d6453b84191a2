package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.access.AccessPurpose;
import dev.custody.app.access.AuditedLines;
import dev.custody.app.access.ReadAudit;
import dev.custody.app.auth.Caller;
import dev.custody.app.hot.HotReads;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.config.Role;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code GET /v1/audit/events} (filters, cursor, NDJSON streaming) and {@code GET /v1/audit/events/{id}}. */
@Controller("/v1/audit/events")
@Tag(name = "events")
final class QueryController {

    static final String NDJSON = "application/x-ndjson";
    /** Which tier answered a query: {@code hot} or {@code primary}. */
    static final String TIER_HEADER = "Custody-Tier";
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CustodyRuntime runtime;

    QueryController(CustodyRuntime runtime) {
        this.runtime = runtime;
    }

    @Get(produces = {MediaType.APPLICATION_JSON, NDJSON})
    @ExecuteOn(TaskExecutors.IO)
    @Parameter(name = AccessPurpose.HEADER, in = ParameterIn.HEADER, description = AccessPurpose.DOC)
    @ApiResponse(responseCode = "400", description = AccessPurpose.DOC_400)
    @ApiResponse(responseCode = "503", description = AccessPurpose.DOC_503)
    @Operation(summary = "Query a chain's records",
            description = "namespace and tenant are required; the other filters are optional. Answers "
                    + "{\"records\":[<stored record>...],\"next_cursor\":\"...\"|null}; with Accept: application/x-ndjson "
                    + "every matching record is streamed, one stored line each (limit is then ignored). A window that starts "
                    + "within the hot tier's hour is answered from it (same answer as the system of record); tier=hot asks "
                    + "for the hot tier only, tier=primary for the system of record only. Header Custody-Tier says which "
                    + "answered. subject_id is the subject's id as sent in events; with personal-data protection it is "
                    + "matched through the subject's keyed pseudonym. Encrypted personal fields are shown in clear to auditor "
                    + "and admin keys, in stored form to readers, and as \"[erased]\" to everyone after erasure. "
                    + "Role: reader or auditor.")
    @ApiResponse(responseCode = "200", description = "a page of stored records")
    HttpResponse<?> query(HttpRequest<?> request,
            @Nullable @QueryValue String namespace, @Nullable @QueryValue String tenant,
            @Nullable @QueryValue String from, @Nullable @QueryValue String to,
            @Nullable @QueryValue String kind, @Nullable @QueryValue String action,
            @Nullable @QueryValue("actor_id") String actorId, @Nullable @QueryValue("resource_type") String resourceType,
            @Nullable @QueryValue("resource_id") String resourceId, @Nullable @QueryValue("subject_id") String subjectId,
            @Nullable @QueryValue String outcome, @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor,
            @Nullable @QueryValue String tier) {
        ReadAudit audit = ReadAudit.open(request, runtime, "audit.query").requested(namespace, tenant);
        Filters f = new Filters(from, to, kind, action, actorId, resourceType, resourceId, subjectId, outcome, limit, cursor, tier);
        return audit.guard(() -> query(request, audit, namespace, tenant, f));
    }

    /** The query parameters other than the chain. */
    private record Filters(String from, String to, String kind, String action, String actorId, String resourceType,
            String resourceId, String subjectId, String outcome, String limit, String cursor, String tier) {
    }

    private HttpResponse<?> query(HttpRequest<?> request, ReadAudit audit, String namespace, String tenant, Filters f) {
        Caller caller = audit.caller();
        caller.requireAnyRole(Role.READER, Role.AUDITOR);
        String tier = f.tier();
        boolean noSuchSubject = false;
        String subjectId = f.subjectId();
        if (subjectId != null) {
            audit.subjectFilter(runtime.privacy().accessSubject(subjectId));
            // records carry the subject's keyed pseudonym, never the id: look it up without creating keys
            java.util.Optional<String> stored = runtime.privacy().storedSubjectId(subjectId);
            noSuchSubject = stored.isEmpty();
            subjectId = stored.orElse(null);
        }
        RecordQuery.Builder b = RecordQuery.builder(QueryParams.chain(namespace, tenant))
                .from(QueryParams.instant("from", f.from())).to(QueryParams.instant("to", f.to()))
                .kind(f.kind()).action(f.action()).actorId(f.actorId()).resourceType(f.resourceType())
                .resourceId(f.resourceId()).subjectId(subjectId).outcome(f.outcome())
                .limit(QueryParams.limit(f.limit())).afterSeq(QueryParams.afterSeq(f.cursor()));
        RecordQuery query;
        try {
            query = b.build();
        } catch (IllegalArgumentException e) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "from", "query parameters: " + e.getMessage());
        }
        audit.filter("from", f.from()).filter("to", f.to()).filter("kind", f.kind()).filter("action", f.action())
                .filter("actor_id", f.actorId()).filter("resource_type", f.resourceType())
                .filter("resource_id", f.resourceId()).filter("outcome", f.outcome()).filter("limit", f.limit())
                .filter("cursor", f.cursor()).filter("tier", tier);
        boolean ndjson = wantsNdjson(request);
        if (ndjson) {
            audit.filter("format", "ndjson");
        }
        caller.requireCovers(query.chain(), "tenant");
        audit.chain(query.chain());
        boolean plaintext = caller.key().has(Role.AUDITOR);
        java.util.function.UnaryOperator<String> view = json -> runtime.privacy().view().render(json, plaintext);
        HotReads.Tier answered = chooseTier(tier, query);
        if (noSuchSubject) {
            audit.granted(0);
            byte[] none = "{\"records\":[],\"next_cursor\":null}".getBytes(StandardCharsets.UTF_8);
            return ndjson
                    ? HttpResponse.ok(new byte[0]).contentType(NDJSON).header(TIER_HEADER, answered.headerValue())
                    : HttpResponse.ok(none).contentType(MediaType.APPLICATION_JSON).header(TIER_HEADER, answered.headerValue());
        }
        java.util.function.Function<RecordQuery, RecordPage> source = answered == HotReads.Tier.HOT
                ? q -> runtime.reads().queryHot(q).orElseThrow(() -> notCovered(q))
                : runtime.store()::query;
        if (ndjson) {
            RecordQuery all = query.limit() == RecordQuery.MAX_LIMIT ? query : b.limit(RecordQuery.MAX_LIMIT).build();
            AuditedLines lines = audit.stream(new PagedLines(source, all, view));
            return HttpResponse.ok(new StreamedFile(new LinesInputStream(lines, lines), MediaType.of(NDJSON)))
                    .contentType(NDJSON).header(TIER_HEADER, answered.headerValue());
        }
        RecordPage page;
        if (tier == null) {
            HotReads.Answer a = runtime.reads().query(query);
            page = a.page();
            answered = a.tier();
        } else {
            page = source.apply(query);
        }
        audit.granted(page.records().size());
        String records = page.records().stream().map(AuditRecord::json).map(view).collect(Collectors.joining(","));
        String next = page.next().isPresent() ? "\"" + QueryParams.cursor(page.nextAfterSeq()) + "\"" : "null";
        byte[] body = ("{\"records\":[" + records + "],\"next_cursor\":" + next + "}").getBytes(StandardCharsets.UTF_8);
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON).header(TIER_HEADER, answered.headerValue());
    }

    /** hot, primary, or (null) automatic: primary for streaming, decided per page otherwise. */
    private HotReads.Tier chooseTier(String tier, RecordQuery query) {
        if (tier == null || tier.equals("primary")) {
            return HotReads.Tier.PRIMARY;
        }
        if (!tier.equals("hot")) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "tier", "query parameter 'tier' must be hot or primary");
        }
        if (runtime.hotTier().isEmpty()) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "tier",
                    "tier=hot needs a hot tier, and none is configured (custody.storage.hot)");
        }
        if (!runtime.reads().hotHolds(query)) {
            throw notCovered(query);
        }
        return HotReads.Tier.HOT;
    }

    private ProblemException notCovered(RecordQuery q) {
        java.time.Instant from = runtime.reads().coveredFrom(q);
        return ProblemException.at(ProblemCode.INVALID_PARAMETER, "from", "tier=hot needs a 'from' within what the hot tier "
                + "holds of this chain" + (from == null ? " (it holds nothing of it)" : " (from " + from + " on)"));
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Parameter(name = AccessPurpose.HEADER, in = ParameterIn.HEADER, description = AccessPurpose.DOC)
    @ApiResponse(responseCode = "400", description = AccessPurpose.DOC_400)
    @ApiResponse(responseCode = "503", description = AccessPurpose.DOC_503)
    @Operation(summary = "Fetch one record by id",
            description = "The stored record exactly as hashed, from the system of record or, once restored from the "
                    + "cold archive, from the restored records. 404 when no record has this id or the key's "
                    + "tenant scope does not cover its chain. Role: reader or auditor.")
    @ApiResponse(responseCode = "200", description = "the stored record")
    @ApiResponse(responseCode = "404", description = "NOT_FOUND")
    HttpResponse<byte[]> byId(HttpRequest<?> request, @PathVariable String id) {
        ReadAudit audit = ReadAudit.open(request, runtime, "audit.get").filter("id", id);
        return audit.guard(() -> byId(audit, id));
    }

    private HttpResponse<byte[]> byId(ReadAudit audit, String id) {
        Caller caller = audit.caller();
        caller.requireAnyRole(Role.READER, Role.AUDITOR);
        if (!UUID.matcher(id).matches()) {
            throw ProblemException.of(ProblemCode.NOT_FOUND, "no record with this id: record ids are UUIDs");
        }
        AuditRecord found = runtime.store().findById(id)
                .or(() -> runtime.store().restoredRecords().flatMap(r -> r.findById(id)))   // restored from the archive
                .orElse(null);
        if (found == null) {
            audit.granted(0);
            throw ProblemException.of(ProblemCode.NOT_FOUND, "no record with id '" + id + "' visible to this API key");
        }
        if (!caller.covers(found.chain()) || !audit.mayRead(found.chain())) {
            // recorded as what it is on the caller's side (never the record's tenant), answered as if there were no such record
            audit.requested(found.chain().namespace(), found.chain().tenant())
                    .denied("API key '" + caller.name() + "' may not access chain " + found.chain());
            throw ProblemException.of(ProblemCode.NOT_FOUND, "no record with id '" + id + "' visible to this API key");
        }
        audit.chain(found.chain());
        String shown = runtime.privacy().view().render(found.json(), caller.key().has(Role.AUDITOR));
        audit.granted(1);
        return HttpResponse.ok(shown.getBytes(StandardCharsets.UTF_8)).contentType(MediaType.APPLICATION_JSON);
    }

    static boolean wantsNdjson(HttpRequest<?> request) {
        return request.getHeaders().accept().stream().anyMatch(m -> m.getName().equals(NDJSON));
    }
}
