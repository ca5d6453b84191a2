package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.access.AccessPurpose;
import dev.custody.app.access.AuditedLines;
import dev.custody.app.access.ReadAudit;
import dev.custody.app.auth.Caller;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.app.retention.Retention;
import dev.custody.app.tiering.Tiering;
import dev.custody.domain.config.Role;
import dev.custody.domain.tiering.ChainExport;
import dev.custody.ports.ChainId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.stream.Stream;

/**
 * {@code GET /v1/audit/export}: a chain (or a seq range of it) as NDJSON across the cold archive and the system of
 * record, each line byte for byte the stored record.
 */
@Controller("/v1/audit/export")
@Tag(name = "verification")
final class ExportController {

    private final CustodyRuntime runtime;
    private final Retention retention;

    ExportController(CustodyRuntime runtime, Retention retention) {
        this.runtime = runtime;
        this.retention = retention;
    }

    @Get(produces = QueryController.NDJSON)
    @ExecuteOn(TaskExecutors.IO)
    @Parameter(name = AccessPurpose.HEADER, in = ParameterIn.HEADER, description = AccessPurpose.DOC)
    @ApiResponse(responseCode = "400", description = AccessPurpose.DOC_400)
    @ApiResponse(responseCode = "500", description = "ARCHIVE_DAMAGED: an archived segment of the range does not check against "
            + "its manifest, or seqs are in no tier (the detail names them); nothing is sent")
    @ApiResponse(responseCode = "503", description = AccessPurpose.DOC_503)
    @Operation(summary = "Export a chain",
            description = "Every stored record of the chain in seq order — archived segments, then the system of record — one "
                    + "line each, exactly as hashed; from_seq/to_seq (inclusive) export a range. Streamed one segment at a time, "
                    + "so any chain length works. Verify offline with `custody verify-export` (a range: `--allow-partial`). "
                    + "Role: auditor.")
    @ApiResponse(responseCode = "200", description = "application/x-ndjson, as an attachment <namespace>-<tenant>.ndjson "
            + "(a range: <namespace>-<tenant>-<from_seq>-<to_seq>.ndjson)")
    HttpResponse<StreamedFile> export(HttpRequest<?> request, @Nullable @QueryValue String namespace,
            @Nullable @QueryValue String tenant, @Nullable @QueryValue("from_seq") String fromSeq,
            @Nullable @QueryValue("to_seq") String toSeq) {
        ReadAudit audit = ReadAudit.open(request, runtime, "audit.export").requested(namespace, tenant);
        return audit.guard(() -> export(audit, namespace, tenant, fromSeq, toSeq));
    }

    private HttpResponse<StreamedFile> export(ReadAudit audit, String namespace, String tenant, String fromSeq, String toSeq) {
        Caller caller = audit.caller();
        caller.requireAnyRole(Role.AUDITOR);
        ChainId chain = QueryParams.chain(namespace, tenant);
        long from = QueryParams.seq("from_seq", fromSeq, 1);
        long to = QueryParams.seq("to_seq", toSeq, Long.MAX_VALUE);
        if (to < from) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "to_seq", "query parameter 'to_seq' must not be less than from_seq");
        }
        audit.filter("from_seq", fromSeq == null ? null : from).filter("to_seq", toSeq == null ? null : to);
        caller.requireCovers(chain, "tenant");
        audit.chain(chain);
        ChainExport export = runtime.tiering().map(Tiering::export).orElseGet(ChainExport::systemOfRecordOnly);
        Stream<String> lines = export.lines(runtime.store(), chain, from, to, retention.anchors());
        AuditedLines audited = audit.stream(lines.iterator());
        try {
            audited.hasNext();   // the first segment is read and checked here, so its damage is a problem, not a cut stream
        } catch (RuntimeException e) {
            lines.close();
            throw e;
        }
        StreamedFile file = new StreamedFile(new LinesInputStream(audited, () -> {
            try (lines) {
                audited.close();
            }
        }), MediaType.of(QueryController.NDJSON));
        String name = chain.namespace() + "-" + chain.tenant()
                + (fromSeq == null && toSeq == null ? "" : "-" + from + "-" + (toSeq == null ? "tip" : to));
        return HttpResponse.ok(file).contentType(QueryController.NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".ndjson\"");
    }
}
