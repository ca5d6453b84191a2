package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.access.AccessPurpose;
import dev.custody.app.access.ReadAudit;
import dev.custody.app.auth.Caller;
import dev.custody.app.hot.WindowStats;
import dev.custody.app.problem.JsonOut;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.config.Role;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.CountDimension;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/audit/stats}: sliding-window counts of one chain's records by action, outcome or actor. */
@Controller("/v1/audit/stats")
@Tag(name = "events")
final class StatsController {

    private final CustodyRuntime runtime;
    private final WindowStats stats;

    StatsController(CustodyRuntime runtime) {
        this.runtime = runtime;
        this.stats = new WindowStats(runtime.store(), runtime.hotTier().orElse(null), runtime.clock());
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Parameter(name = AccessPurpose.HEADER, in = ParameterIn.HEADER, description = AccessPurpose.DOC)
    @ApiResponse(responseCode = "400", description = AccessPurpose.DOC_400)
    @ApiResponse(responseCode = "503", description = AccessPurpose.DOC_503)
    @Operation(summary = "Count a chain's recent records",
            description = "namespace and tenant are required; window (default 5m: 30s, 5m, 1h or PT5M; at most the hot "
                    + "tier's retention, 1h without one) and group_by (action, outcome or actor; default action). Counts "
                    + "are kept in 10-second buckets: the answer names the interval [from, to) it counted. Role: reader, "
                    + "auditor or admin.")
    @ApiResponse(responseCode = "200", description = "{\"namespace\",\"tenant\",\"window\",\"group_by\",\"from\",\"to\",\"source\",\"total\",\"counts\":[{\"value\",\"count\"}]}")
    HttpResponse<byte[]> stats(HttpRequest<?> request, @Nullable @QueryValue String namespace, @Nullable @QueryValue String tenant,
            @Nullable @QueryValue String window, @Nullable @QueryValue("group_by") String groupBy) {
        ReadAudit audit = ReadAudit.open(request, runtime, "audit.stats").requested(namespace, tenant);
        return audit.guard(() -> stats(audit, namespace, tenant, window, groupBy));
    }

    private HttpResponse<byte[]> stats(ReadAudit audit, String namespace, String tenant, String window, String groupBy) {
        Caller caller = audit.caller();
        caller.requireAnyRole(Role.READER, Role.AUDITOR, Role.ADMIN);
        ChainId chain = QueryParams.chain(namespace, tenant);
        Duration w = window(QueryParams.text("window", window));
        CountDimension dim;
        try {
            dim = CountDimension.parse(groupBy == null ? "action" : QueryParams.text("group_by", groupBy));
        } catch (IllegalArgumentException e) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "group_by", "query parameter 'group_by' " + e.getMessage());
        }
        audit.filter("window", w.toString()).filter("group_by", dim.apiName());
        caller.requireCovers(chain, "tenant");
        audit.chain(chain);
        WindowStats.Result r = stats.counts(chain, dim, w.toSeconds());
        audit.granted(r.counts().total());
        List<Map<String, Object>> counts = new ArrayList<>();
        r.counts().counts().entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> counts.add(Map.of("value", e.getKey(), "count", e.getValue())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", chain.namespace());
        body.put("tenant", chain.tenant());
        body.put("window", w.toString());
        body.put("group_by", dim.apiName());
        body.put("from", r.counts().from().toString());
        body.put("to", r.counts().to().toString());
        body.put("source", r.source());
        body.put("total", r.counts().total());
        body.put("counts", counts);
        return HttpResponse.ok(JsonOut.bytes(body)).contentType(MediaType.APPLICATION_JSON);
    }

    private Duration window(String value) {
        if (value == null) {
            return Duration.ofMinutes(5);
        }
        Duration d;
        try {
            d = ProviderConfig.of("", Map.of("window", value)).duration("window").orElse(null);   // empty: none
        } catch (ConfigurationException e) {
            d = null;
        }
        long max = stats.maxWindowSeconds();
        if (d == null || d.toSeconds() < 1 || d.toSeconds() > max || d.toNanos() % 1_000_000_000L != 0) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "window", "query parameter 'window' must be a whole "
                    + "number of seconds from 1s to " + Duration.ofSeconds(max) + ", such as 30s, 5m or 1h");
        }
        return d;
    }
}
