package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.app.plugins.PluginJars;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.ChainId;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline commands read the store; they must not start delivering to the configured sinks. */
class OfflineSinksTest {

    @TempDir
    Path home;

    @Test
    void verifyAndExport_withASinkConfigured_deliverNothing() throws Exception {
        try (CustodyRuntime runtime = CustodyRuntime.start(ConfigBinder.bind(new PropertySourcePropertyResolver(
                PropertySource.of("test", Map.of("custody.home", home.toString())))), AppendListener.NONE,
                getClass().getClassLoader(), Clock.systemUTC())) {
            runtime.appender().append(AuditEvent.builder(ChainId.of("billing", "acme")).kind("access").action("read")
                    .actor("user", "u1").outcome("ok").build());
        }
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.move(PluginJars.build(home, "acme-lines.jar", "com.acme.lines", "acme-lines", 1), plugins.resolve("acme-lines.jar"));
        Path out = home.resolve("delivered.ndjson");
        Path config = Files.writeString(home.resolve("custody.yml"), "custody:\n  home: " + home + "\n  sinks:\n"
                + "    - name: audit-lines\n      type: acme-lines\n      poll-interval: 10ms\n      properties:\n        path: " + out + "\n");

        Cli.Result verify = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--config", config.toString());
        assertThat(verify.code()).as(verify.err()).isZero();
        Cli.Result export = Cli.run("export", "--namespace", "billing", "--tenant", "acme", "--config", config.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.outLines()).hasSize(1);
        Thread.sleep(200);   // a sink worker, had one started, polls every 10 ms
        assertThat(out).doesNotExist();
        assertThat(home.resolve("sinks")).doesNotExist();
    }
}
