package dev.custody.app.api;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.access.AccessPurpose;
import dev.custody.app.access.ReadAudit;
import dev.custody.app.retention.Retention;
import dev.custody.app.auth.Caller;
import dev.custody.app.metrics.HttpMetrics;
import dev.custody.app.problem.JsonOut;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.tiering.TieredVerification;
import dev.custody.domain.config.Role;
import dev.custody.ports.ChainId;
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
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;

/** {@code POST /v1/audit/verify}: recomputes a chain (or a seq range of it) and reports the first break. */
@Controller("/v1/audit/verify")
@Tag(name = "verification")
final class VerifyController {

    private final CustodyRuntime runtime;
    private final HttpMetrics metrics;

    private final Retention retention;

    VerifyController(CustodyRuntime runtime, HttpMetrics metrics, Retention retention) {
        this.runtime = runtime;
        this.metrics = metrics;
        this.retention = retention;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    @Parameter(name = AccessPurpose.HEADER, in = ParameterIn.HEADER, description = AccessPurpose.DOC)
    @ApiResponse(responseCode = "400", description = AccessPurpose.DOC_400)
    @ApiResponse(responseCode = "503", description = AccessPurpose.DOC_503)
    @Operation(summary = "Verify a chain",
            description = "Body {\"namespace\",\"tenant\",\"from_seq\"?,\"to_seq\"?}. Always 200: {\"valid\","
                    + "\"records_checked\",\"first_broken_at\",\"first_record_id\",\"last_record_id\",\"reason\"}. With a cold archive "
                    + "configured, a whole-chain request checks the archived segments and the warm rows as one chain and adds "
                    + "\"tiers\":{\"segments_checked\",\"archived_records\",\"broken_segment\"}. A chain that never held "
                    + "records is 404; one that held records and holds fewer than its retention records or archive say is "
                    + "valid: false. Role: auditor.")
    @ApiResponse(responseCode = "200", description = "the verification result")
    HttpResponse<byte[]> verify(HttpRequest<?> request, @Nullable @Body byte[] body) {
        ReadAudit audit = ReadAudit.open(request, runtime, "audit.verify");
        return audit.guard(() -> verify(audit, body));
    }

    private HttpResponse<byte[]> verify(ReadAudit audit, byte[] body) {
        Caller caller = audit.caller();
        JsonObject o = JsonBody.parseObject(body, ProblemCode.INVALID_PARAMETER);
        o.allowOnly(Set.of("namespace", "tenant", "from_seq", "to_seq"));
        String namespace = o.string("namespace", true);
        String tenant = o.string("tenant", true);
        if (!ChainId.isValidName(namespace)) {
            throw o.fail("namespace", "must match " + ChainId.NAME_PATTERN.pattern());
        }
        if (!ChainId.isValidName(tenant)) {
            throw o.fail("tenant", "must match " + ChainId.NAME_PATTERN.pattern());
        }
        ChainId chain = ChainId.of(namespace, tenant);
        long from = positive(o, "from_seq", 1L);
        long to = positive(o, "to_seq", Long.MAX_VALUE);
        if (to < from) {
            throw o.fail("to_seq", "must not be less than from_seq");
        }
        audit.requested(namespace, tenant);
        caller.requireAnyRole(Role.AUDITOR);
        if (o.has("from_seq") || o.has("to_seq")) {
            audit.filter("from_seq", from).filter("to_seq", to == Long.MAX_VALUE ? null : to);
        }
        caller.requireCovers(chain, "/tenant");
        audit.chain(chain);
        if (!runtime.chainExists(chain, retention.anchors())) {
            throw ProblemException.at(ProblemCode.NOT_FOUND, "/tenant", "no chain " + chain
                    + ": it holds no records and nothing Custody keeps says it ever held any");
        }
        if (runtime.tiering().isPresent() && from == 1 && to == Long.MAX_VALUE) {
            TieredVerification tv = runtime.tiering().get().verifier().verify(runtime.store(), chain, retention.anchors());
            metrics.verified(tv.valid());
            audit.granted(tv.verification().recordsChecked());
            return HttpResponse.ok(JsonOut.bytes(VerificationBody.of(tv))).contentType(MediaType.APPLICATION_JSON);
        }
        Verification v = from == 1 && to == Long.MAX_VALUE ? runtime.verifier().verify(runtime.store(), chain, retention.anchors())
                : runtime.verifier().verify(runtime.store(), chain, from, to);
        metrics.verified(v.valid());
        audit.granted(v.recordsChecked());
        return HttpResponse.ok(JsonOut.bytes(VerificationBody.of(v))).contentType(MediaType.APPLICATION_JSON);
    }

    private static long positive(JsonObject o, String name, long dflt) {
        Long v = o.integer(name);
        if (v == null) {
            return dflt;
        }
        if (v < 1) {
            throw o.fail(name, "must be at least 1");
        }
        return v;
    }

}
