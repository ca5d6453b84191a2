package dev.custody.app.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.app.testing.S3TestServer;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.tiering.ArchivalPace;
import dev.custody.ports.ChainId;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code custody.archive.pace}: bound with its defaults and refused naming the key, and the runtime's appender is the
 * traffic signal its archival paces itself by (ADR 0122).
 */
class ArchivalPaceWiringTest {

    @TempDir
    Path home;

    @TempDir
    Path blobs;

    @Test
    void theRuntimesAppends_areTheTrafficArchivalYieldsTo() throws Exception {
        try (S3TestServer s3 = new S3TestServer(blobs);
             CustodyRuntime runtime = CustodyRuntime.start(ConfigBinder.bind(resolver(s3, Map.of(
                     "custody.archive.pace.busy-share", "0.5", "custody.archive.pace.quiet-after", "1h",
                     "custody.archive.pace.max-records-per-second", "20000", "custody.archive.pace.purge-batch", "2000"))),
                     AppendListener.NONE, getClass().getClassLoader(), Clock.systemUTC())) {
            ArchivalPace pace = runtime.tiering().orElseThrow().pace();
            assertThat(pace.settings()).isEqualTo(new ArchivalPace.Settings(0.5, Duration.ofHours(1), 20_000, 2_000));
            assertThat(pace.trafficPresent()).as("nothing appended yet").isFalse();

            runtime.appender().append(List.of(AuditEvent.builder(ChainId.of("bank", "acme")).kind("decision").action("a")
                    .actor("user", "u").outcome("ok").build()));

            assertThat(pace.trafficPresent()).isTrue();
            assertThat(pace.readAhead()).isFalse();
        }
    }

    @Test
    void defaults_andBadValues() throws Exception {
        try (S3TestServer s3 = new S3TestServer(blobs)) {
            assertThat(ConfigBinder.bind(resolver(s3, Map.of())).archive().pace()).isEqualTo(ArchivalPace.Settings.DEFAULT);
            assertThatThrownBy(() -> ConfigBinder.bind(resolver(s3, Map.of("custody.archive.pace.busy-share", "half"))))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.archive.pace.busy-share=half");
            assertThatThrownBy(() -> ConfigBinder.bind(resolver(s3, Map.of("custody.archive.pace.busy-share", "0"))))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.archive.pace.busy-share=0");
            assertThatThrownBy(() -> ConfigBinder.bind(resolver(s3, Map.of("custody.archive.pace.purge-batch", "0"))))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.archive.pace.purge-batch=0");
            assertThatThrownBy(() -> ConfigBinder.bind(resolver(s3, Map.of("custody.archive.pace.quiet-after", "soon"))))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.archive.pace.quiet-after=soon");
            assertThatThrownBy(() -> ConfigBinder.bind(resolver(s3, Map.of("custody.archive.pace.busy-shar", "0.5"))))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("Unknown property custody.archive.pace.busy-shar");
        }
    }

    private PropertySourcePropertyResolver resolver(S3TestServer s3, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("custody.home", home.toString());
        props.put("custody.archive.provider", "s3");
        s3.archiveProperties("custody-pace").forEach((k, v) -> props.put("custody.archive.properties." + k, v));
        return new PropertySourcePropertyResolver(PropertySource.of("test", props));
    }
}
