package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.access.AccessPurpose;
import dev.custody.app.access.AuditedLines;
import dev.custody.app.access.ReadAudit;
import dev.custody.app.auth.Caller;
import dev.custody.domain.config.Role;
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

/** {@code GET /v1/audit/export}: a whole chain as NDJSON, each line byte for byte the stored record. */
@Controller("/v1/audit/export")
@Tag(name = "verification")
final class ExportController {

    private final CustodyRuntime runtime;

    ExportController(CustodyRuntime runtime) {
        this.runtime = runtime;
    }

    @Get(produces = QueryController.NDJSON)
    @ExecuteOn(TaskExecutors.IO)
    @Parameter(name = AccessPurpose.HEADER, in = ParameterIn.HEADER, description = AccessPurpose.DOC)
    @ApiResponse(responseCode = "400", description = AccessPurpose.DOC_400)
    @ApiResponse(responseCode = "503", description = AccessPurpose.DOC_503)
    @Operation(summary = "Export a chain",
            description = "Every stored record of the chain in seq order, one line each, exactly as hashed; "
                    + "streamed, so any chain length works. Verify offline with `custody verify-export`. Role: auditor.")
    @ApiResponse(responseCode = "200", description = "application/x-ndjson, as an attachment <namespace>-<tenant>.ndjson")
    HttpResponse<StreamedFile> export(HttpRequest<?> request, @Nullable @QueryValue String namespace,
            @Nullable @QueryValue String tenant) {
        ReadAudit audit = ReadAudit.open(request, runtime, "audit.export").requested(namespace, tenant);
        return audit.guard(() -> export(audit, namespace, tenant));
    }

    private HttpResponse<StreamedFile> export(ReadAudit audit, String namespace, String tenant) {
        Caller caller = audit.caller();
        caller.requireAnyRole(Role.AUDITOR);
        ChainId chain = QueryParams.chain(namespace, tenant);
        caller.requireCovers(chain, "tenant");
        audit.chain(chain);
        Stream<String> lines = runtime.store().streamJson(chain, 1, Long.MAX_VALUE);
        AuditedLines audited = audit.stream(lines.iterator());
        StreamedFile file = new StreamedFile(new LinesInputStream(audited, () -> {
            try (lines) {
                audited.close();
            }
        }), MediaType.of(QueryController.NDJSON));
        return HttpResponse.ok(file).contentType(QueryController.NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + chain.namespace() + "-"
                        + chain.tenant() + ".ndjson\"");
    }
}
