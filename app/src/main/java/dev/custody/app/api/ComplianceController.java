package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.auth.Caller;
import dev.custody.app.problem.JsonOut;
import dev.custody.domain.compliance.ComplianceSettings;
import dev.custody.ports.StoreCapability;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code GET /v1/compliance/status}: the effective compliance flags and the system of record. */
@Controller("/v1/compliance/status")
@Tag(name = "compliance")
final class ComplianceController {

    private final CustodyRuntime runtime;

    ComplianceController(CustodyRuntime runtime) {
        this.runtime = runtime;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Operation(summary = "Effective compliance settings",
            description = "{\"mode\",\"sync_audit_writes\",\"immutable_audit\",\"hash_chain\",\"primary_backend\":{\"name\","
                    + "\"capabilities\":[...]}}. Any valid API key.")
    @ApiResponse(responseCode = "200", description = "the settings in force")
    HttpResponse<byte[]> status(HttpRequest<?> request) {
        Caller.of(request);
        ComplianceSettings c = runtime.config().compliance();
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("name", runtime.config().primary().backend());
        backend.put("capabilities", runtime.store().capabilities().stream().sorted()
                .map(StoreCapability::name).map(s -> s.toLowerCase(Locale.ROOT)).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", c.mode().configName());
        out.put("sync_audit_writes", c.syncAuditWrites());
        out.put("immutable_audit", c.immutableAudit());
        out.put("hash_chain", c.hashChain());
        out.put("primary_backend", backend);
        return HttpResponse.ok(JsonOut.bytes(out)).contentType(MediaType.APPLICATION_JSON);
    }
}
