package dev.custody.app.access;

import static java.util.Objects.requireNonNull;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.auth.Caller;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.chain.ServiceChains;
import dev.custody.domain.config.Role;
import dev.custody.ports.ChainId;
import io.micronaut.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The access record of one HTTP read in the making. A controller opens it first (which checks the purpose),
 * names the chain and the filters as it parses them, runs its body through {@link #guard} (a {@code 403} is
 * recorded as {@code denied}) and ends with {@link #granted} or, for a stream, {@link #stream}.
 */
public final class ReadAudit {

    private final AccessLog log;
    private final Caller caller;
    private final String operation;
    private final String purpose;
    private final Map<String, Object> filters = new LinkedHashMap<>();
    private ChainId chain;

    private ReadAudit(AccessLog log, Caller caller, String operation, String purpose) {
        this.log = log;
        this.caller = caller;
        this.operation = operation;
        this.purpose = purpose;
    }

    /**
     * Starts the record of {@code operation} by the request's caller.
     *
     * @throws ProblemException UNAUTHORIZED without a key; PURPOSE_REQUIRED when an auditor key states no purpose;
     *     INVALID_PARAMETER when the purpose is malformed
     */
    public static ReadAudit open(HttpRequest<?> request, CustodyRuntime runtime, String operation) {
        requireNonNull(operation, "operation is null");
        Caller caller = Caller.of(request);
        String purpose = request.getHeaders().get(AccessPurpose.HEADER);
        if (purpose == null) {
            if (caller.key().roles().contains(Role.AUDITOR)) {
                throw ProblemException.at(ProblemCode.PURPOSE_REQUIRED, AccessPurpose.HEADER, "API key '" + caller.name()
                        + "' has the role auditor, so every read must state its purpose in the header " + AccessPurpose.HEADER);
            }
        } else {
            String problem = AccessPurpose.problem(purpose);
            if (problem != null) {
                throw ProblemException.at(ProblemCode.INVALID_PARAMETER, AccessPurpose.HEADER,
                        "header " + AccessPurpose.HEADER + " " + problem);
            }
        }
        return new ReadAudit(runtime.access(), caller, operation, purpose);
    }

    /** The caller. */
    public Caller caller() {
        return caller;
    }

    /**
     * Names the chain asked for, if {@code namespace} and {@code tenant} are valid names (a refusal names it, and is
     * recorded on the caller's own chain of refusals, never on the access chain of the chain asked for).
     */
    public ReadAudit requested(String namespace, String tenant) {
        if (namespace != null && tenant != null && ChainId.isValidName(namespace) && ChainId.isValidName(tenant)) {
            chain = ChainId.of(namespace, tenant);
        }
        return this;
    }

    /**
     * Names the chain read, and checks the key may read it: the service's own chains ({@code custody},
     * {@code custody.*}) only with the role auditor.
     *
     * @throws ProblemException FORBIDDEN (inside {@link #guard}: recorded as denied)
     */
    public ReadAudit chain(ChainId read) {
        this.chain = requireNonNull(read, "read is null");
        if (!mayRead(read)) {
            throw ProblemException.at(ProblemCode.FORBIDDEN, "namespace", "the service's own chains (namespace "
                    + read.namespace() + ") are readable with the role auditor only");
        }
        return this;
    }

    /** Whether the key may read {@code read} beyond its tenant scopes: the service's own chains need the role auditor. */
    public boolean mayRead(ChainId read) {
        return !ServiceChains.isReserved(read.namespace()) || caller.key().has(Role.AUDITOR);
    }

    /** Adds a filter of the request as it was asked (nothing for null). Never a subject id: see {@link #subjectFilter}. */
    public ReadAudit filter(String name, Object value) {
        if (value != null) {
            filters.put(name, value);
        }
        return this;
    }

    /** Adds the {@code subject_id} filter as its pseudonym (see {@code Privacy#accessSubject}). */
    public ReadAudit subjectFilter(String pseudonym) {
        return filter("subject_id", pseudonym);
    }

    /**
     * Runs {@code body}; a {@code FORBIDDEN} problem it throws is recorded as {@code denied} before it is rethrown.
     *
     * @throws RuntimeException what {@code body} throws, or the failure to record a refusal synchronously
     */
    public <T> T guard(Supplier<T> body) {
        try {
            return body.get();
        } catch (ProblemException e) {
            if (e.code() == ProblemCode.FORBIDDEN) {
                denied(e.detail());
            }
            throw e;
        }
    }

    /**
     * Records a refusal of this read (also where the answer is a {@code 404} that hides the refusal) on the caller's
     * own chain of refusals ({@link AccessLog#deniedChainOf}).
     */
    public void denied(String reason) {
        log.record(record(-1, AccessRecord.Outcome.DENIED, reason));
    }

    /**
     * Records the read as answered with {@code records} records; in synchronous mode, once durable.
     *
     * @throws RuntimeException when synchronous and the record cannot be written (the read must then fail)
     */
    public void granted(long records) {
        log.record(record(records, AccessRecord.Outcome.GRANTED, null));
    }

    /** Records a streamed read when it ends: see {@link AuditedLines}. */
    public AuditedLines stream(java.util.Iterator<String> lines) {
        return new AuditedLines(lines, this);
    }

    void ended(long records, boolean complete, String reason) {
        log.record(record(records, complete ? AccessRecord.Outcome.GRANTED : AccessRecord.Outcome.INCOMPLETE, reason));
    }

    private AccessRecord record(long records, AccessRecord.Outcome outcome, String reason) {
        return new AccessRecord(operation, "api_key", caller.name(),
                caller.key().roles().stream().map(Role::configName).sorted().toList(), chain, filters, records, outcome,
                purpose, reason);
    }
}
