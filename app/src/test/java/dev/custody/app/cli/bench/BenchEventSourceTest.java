package dev.custody.app.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.ChainId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchEventSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requestBody_holdsExactlyTheEventsTheInProcessTargetAppends() throws Exception {
        BenchEventSource source = new BenchEventSource(500);
        ChainId chain = ChainId.of("bench", "t3");
        JsonNode body = JSON.readTree(source.requestBody(chain, 998, 4));
        List<AuditEvent> events = source.events(chain, 998, 4);
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("events")).hasSize(4);
        for (int i = 0; i < 4; i++) {
            AuditEvent e = events.get(i);
            JsonNode n = body.get("events").get(i);
            assertThat(n.get("namespace").asText()).isEqualTo("bench");
            assertThat(n.get("tenant").asText()).isEqualTo("t3");
            assertThat(n.get("kind").asText()).isEqualTo(e.kind());
            assertThat(n.get("action").asText()).isEqualTo(e.action());
            assertThat(n.get("actor").get("type").asText()).isEqualTo(e.actor().type());
            assertThat(n.get("actor").get("id").asText()).isEqualTo(e.actor().id());
            assertThat(n.get("resource").get("id").asText()).isEqualTo(e.resource().id());
            assertThat(n.get("outcome").asText()).isEqualTo(e.outcome());
            assertThat(JSON.convertValue(n.get("payload"), Map.class)).isEqualTo(e.payload());
        }
        assertThat(body.get("events").get(2).get("resource").get("id").asText()).isEqualTo("conv-0");
        assertThat(JSON.writeValueAsBytes(body.get("events").get(0).get("payload")).length).isBetween(480, 520);
    }
}
