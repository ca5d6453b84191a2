package dev.custody.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.testing.CapturedLogs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue: "warn at start when the local master key lives under the same directory as the data". The service logs one
 * WARN line naming both paths at start; not when the key lies elsewhere; and offline commands, whose standard error is
 * their one-line reason, do not.
 */
class MasterKeyLocationTest {

    @TempDir
    Path home;

    @TempDir
    Path elsewhere;

    private List<String> warningsAtStart(Map<String, Object> extra, String... environments) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("custody.home", home.toString());
        props.put("micronaut.server.port", -1);
        try (CapturedLogs logs = new CapturedLogs()) {
            if (environments.length == 0) {
                ApplicationContext.run(EmbeddedServer.class, props).close();
            } else {
                ApplicationContext.run(props, environments).close();
            }
            return Arrays.stream(logs.all().split("\n")).filter(l -> l.contains("The local master key")).toList();
        }
    }

    @Test
    void theDefaultMasterKey_underCustodyHome_isOneWarningAtTheServicesStart_namingBothPaths() {
        assertThat(warningsAtStart(Map.of())).singleElement().asString().isEqualTo(CustodyFactory.class.getName()
                + " The local master key " + home.resolve("keys/master-key.json") + " is under the data directory " + home
                + ": whoever copies the data directory (a backup, a snapshot, a disk) can read every encrypted field with "
                + "it. Keep it elsewhere (custody.keys.properties.master-key-file) or use a KMS "
                + "(custody.keys.properties.master-key: aws-kms or gcp-kms).");
    }

    @Test
    void aMasterKeyElsewhere_isNoWarning_andOfflineCommandsSayNothing() {
        assertThat(warningsAtStart(Map.of("custody.keys.properties.master-key-file",
                elsewhere.resolve("master-key.json").toString()))).isEmpty();
        assertThat(warningsAtStart(Map.of(), "cli")).isEmpty();
    }
}
