package dev.custody.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outside plugin ({@code plugins/example-plugin}, not on the service's classpath) dropped into the
 * plugins folder of the real {@code custody.jar}: discovered, logged with its jar, and used as a sink
 * with no code change.
 */
class PluginJarIT {

    @TempDir
    Path tmp;

    private static Path examplePlugin() {
        Path jar = Path.of(System.getProperty("custody.root", "..")).resolve("plugins/example-plugin/target/custody-example-plugin.jar");
        assertThat(jar).as("the example plugin jar (the reactor packages plugins/example-plugin before app)").isRegularFile();
        return jar;
    }

    @Test
    void exampleSinkFromThePluginsFolderReceivesEveryStoredRecord() throws Exception {
        try (JarFile service = new JarFile(CustodyProcess.jar().toFile())) {
            assertThat(service.getEntry("com/example/custody/NdjsonFileSinkProvider.class"))
                    .as("the example plugin is not part of the service").isNull();
        }
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(data.resolve("plugins"));
        Files.copy(examplePlugin(), data.resolve("plugins/acme-example.jar"));
        Path out = tmp.resolve("delivered.ndjson");
        Path config = tmp.resolve("custody.yml");
        Files.writeString(config, String.join("\n",
                "custody:",
                "  sinks:",
                "    - name: example",
                "      type: example-ndjson",
                "      properties:",
                "        path: " + out,
                "      batch:",
                "        linger: 10ms",
                ""));
        Path log = tmp.resolve("custody.log");
        try (CustodyProcess custody = CustodyProcess.start(data, log, "--config", config.toString())) {
            assertThat(Files.readString(log)).contains("Registering sink provider example-ndjson from plugins/acme-example.jar")
                    // the plugin logs through ProviderContext.logger() into the service's own log, under the sink's name
                    // (custody.plugin.example-ndjson.example, which the log pattern abbreviates to c.plugin.…)
                    .containsPattern("INFO  \\[[^]]+\\] c(ustody)?\\.plugin\\.example-ndjson\\.example - example-ndjson appends "
                            + "delivered records to " + java.util.regex.Pattern.quote(out.toString()));
            String token = custody.bootstrapToken();
            HttpClient client = HttpClient.newHttpClient();
            String event = "{\"namespace\":\"e2e\",\"tenant\":\"plugin\",\"kind\":\"access\",\"action\":\"read\","
                    + "\"actor\":{\"type\":\"user\",\"id\":\"u-1\"},\"outcome\":\"success\",\"payload\":{\"n\":%d}}";
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(custody.uri("/v1/audit/events"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[" + event.formatted(2 * i) + ","
                                + event.formatted(2 * i + 1) + "]}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((!Files.exists(out) || Files.readAllLines(out).size() < 6) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            HttpResponse<String> export = client.send(HttpRequest.newBuilder(
                    custody.uri("/v1/audit/export?namespace=e2e&tenant=plugin"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            List<String> stored = export.body().lines().filter(l -> !l.isBlank()).toList();
            assertThat(stored).hasSize(6);
            // the export is a read of the trail: its access record (custody.access/plugin) is delivered to the sink too
            deadline = System.nanoTime() + 20_000_000_000L;
            while (Files.readAllLines(out).size() < 7 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> received = Files.readAllLines(out);
            assertThat(received).hasSize(7);
            assertThat(received.subList(0, 6)).containsExactlyElementsOf(stored);
            assertThat(received.get(6)).contains("\"namespace\":\"custody.access\"", "\"tenant\":\"plugin\"",
                    "\"operation\":\"audit.export\"", "\"records\":6");
            String health = "";
            deadline = System.nanoTime() + 5_000_000_000L;
            while (!health.contains("\"delivered\":7") && System.nanoTime() < deadline) {   // counted just after the write
                health = client.send(HttpRequest.newBuilder(custody.uri("/health")).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            assertThat(health).contains("\"sinks\"", "\"example\"", "\"delivered\":7");
        }
    }
}
