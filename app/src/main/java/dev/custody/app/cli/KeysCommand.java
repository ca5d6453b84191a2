package dev.custody.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.CustodyRuntime;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.KeyUsage;
import dev.custody.ports.KeysetStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custody keys status|rotate}: the key store, offline. */
@Command(name = "keys", description = "Inspect and rotate the key store (offline: the service must be stopped).",
        subcommands = {KeysCommand.Status.class, KeysCommand.Rotate.class})
final class KeysCommand {

    /** The chain that records what operators do to Custody itself, such as key rotations. */
    static final ChainId ADMIN_CHAIN = ChainId.of("custody", "admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "status", description = {"List the keysets, their keys and states, and how many stored records "
            + "each key of the backend's keyset sealed.", "Prints one JSON object."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:usage, configuration or I/O error"})
    static final class Status implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (OfflineContext context = OfflineContext.startReadOnly(config)) {
                CustodyRuntime runtime = context.runtime();
                Optional<KeyUsage> usage = runtime.store().keyUsage();
                List<Map<String, Object>> keysets = new ArrayList<>();
                for (KeysetStatus s : runtime.keys().status()) {
                    List<Map<String, Object>> keys = new ArrayList<>();
                    for (KeysetStatus.Key k : s.keys()) {
                        Map<String, Object> key = new LinkedHashMap<>();
                        key.put("id", k.id());
                        key.put("state", k.state());
                        key.put("primary", k.primary());
                        usage.filter(u -> u.keyset().equals(s.name()))
                                .ifPresent(u -> key.put("records", u.recordsByKeyId().getOrDefault(k.id(), 0L)));
                        keys.add(key);
                    }
                    Map<String, Object> keyset = new LinkedHashMap<>();
                    keyset.put("name", s.name());
                    keyset.put("used_by", usage.filter(u -> u.keyset().equals(s.name()))
                            .map(u -> "backend " + runtime.config().primary().backend()).orElse(null));
                    keyset.put("keys", keys);
                    keysets.add(keyset);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("key_store", runtime.keys().describe());
                out.put("keysets", keysets);
                print(spec.commandLine().getOut(), out);
                return 0;
            }
        }
    }

    @Command(name = "rotate", description = {"Add a new primary key to a keyset; everything sealed before still opens.",
            "The rotation is appended to the chain custody/admin as an admin record. Prints the keyset after rotation."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:rotated", "2:usage, configuration or I/O error"})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--keyset", paramLabel = "NAME",
                description = "The keyset to rotate (default: the one the storage backend seals with).")
        String keyset;

        @Option(names = "--operator", paramLabel = "ID", description = "Who rotates, for the admin record (default: $USER).")
        String operator;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (OfflineContext context = OfflineContext.start(config)) {
                CustodyRuntime runtime = context.runtime();
                String name = keyset != null ? keyset : runtime.store().keyUsage().map(KeyUsage::keyset).orElseThrow(() ->
                        new CliException("backend " + runtime.config().primary().backend()
                                + " does not encrypt with a keyset; name one with --keyset"));
                KeysetStatus rotated;
                try {
                    rotated = runtime.keys().rotate(name);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--keyset: " + e.getMessage());
                }
                String who = operator != null ? operator : Optional.ofNullable(System.getenv("USER")).orElse("unknown");
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("keyset", name);
                payload.put("new_primary_key_id", rotated.primaryKeyId());
                payload.put("keys", rotated.keys().size());
                AuditRecord record = runtime.appender().append(AuditEvent.builder(ADMIN_CHAIN).kind("admin")
                        .action("keys.rotate").actor("operator", who).resource("keyset", name).outcome("rotated")
                        .payload(payload).build());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("keyset", name);
                out.put("primary_key_id", rotated.primaryKeyId());
                out.put("keys", rotated.keys().stream().map(k -> Map.of("id", k.id(), "state", k.state(),
                        "primary", k.primary())).toList());
                out.put("admin_record", Map.of("namespace", ADMIN_CHAIN.namespace(), "tenant", ADMIN_CHAIN.tenant(),
                        "seq", record.seq(), "id", record.id()));
                print(spec.commandLine().getOut(), out);
                return 0;
            }
        }
    }

    private static void print(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        out.flush();
    }
}
