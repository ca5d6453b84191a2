package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyExportCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void validVectorChain_exits0() throws Exception {
        Cli.Result r = Cli.run("verify-export", Cli.vectors().resolve("chain-v1.ndjson").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode v = JSON.readTree(r.out());
        assertThat(v.get("valid").asBoolean()).isTrue();
        assertThat(v.get("records_checked").asLong()).isEqualTo(4);
        assertThat(v.get("first_record_id").asText()).isEqualTo("0193a8f0-0000-7000-8000-000000000001");
        assertThat(v.get("first_broken_at").isNull()).isTrue();
        assertThat(r.outLines()).hasSize(1);
    }

    @Test
    void everyTamperCase_exits1NamingTheFirstBrokenRecord() throws Exception {
        List<String> cases = Files.readAllLines(Cli.vectors().resolve("tamper-v1.ndjson"));
        assertThat(cases).isNotEmpty();
        for (String line : cases) {
            JsonNode c = JSON.readTree(line);
            List<String> records = new ArrayList<>();
            c.get("records").forEach(rec -> records.add(rec.toString()));
            Path file = Files.write(tmp.resolve("case-" + records.hashCode() + ".ndjson"), records, StandardCharsets.UTF_8);
            Cli.Result r = Cli.run("verify-export", file.toString());
            String name = c.get("case").asText();
            assertThat(r.code()).as(name).isEqualTo(1);
            JsonNode v = JSON.readTree(r.out());
            assertThat(v.get("valid").asBoolean()).as(name).isFalse();
            assertThat(v.get("first_broken_at").asText()).as(name).isEqualTo(c.get("first_broken_at").asText());
            assertThat(v.get("reason").asText()).as(name).isNotBlank();
        }
    }

    @Test
    void aFileThatDoesNotStartAtGenesis_isPartial_exits3_unlessARangeWasIntended() throws Exception {
        List<String> chain = Files.readAllLines(Cli.vectors().resolve("chain-v1.ndjson"));
        Path headCut = Files.write(tmp.resolve("head-cut.ndjson"), chain.subList(1, chain.size()), StandardCharsets.UTF_8);

        Cli.Result r = Cli.run("verify-export", headCut.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        JsonNode v = JSON.readTree(r.out());
        assertThat(v.get("valid").asBoolean()).isFalse();
        assertThat(v.get("partial").asBoolean()).isTrue();
        assertThat(v.get("first_broken_at").isNull()).isTrue();
        assertThat(v.get("records_checked").asLong()).isEqualTo(3);
        assertThat(v.get("reason").asText()).startsWith("partial: the file starts at seq 2, not at seq 1 (prev_hash genesis)");
        assertThat(r.outLines()).hasSize(1);

        Cli.Result range = Cli.run("verify-export", "--allow-partial", headCut.toString());
        assertThat(range.code()).as(range.err()).isZero();
        JsonNode ok = JSON.readTree(range.out());
        assertThat(ok.get("valid").asBoolean()).isTrue();
        assertThat(ok.get("partial").asBoolean()).isTrue();
        assertThat(ok.get("reason").isNull()).isTrue();

        assertThat(JSON.readTree(Cli.run("verify-export", Cli.vectors().resolve("chain-v1.ndjson").toString()).out())
                .get("partial").asBoolean()).as("the whole chain").isFalse();
    }

    @Test
    void anEmptyFile_isPartial() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.ndjson"), new byte[0]);
        Cli.Result r = Cli.run("verify-export", empty.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(JSON.readTree(r.out()).get("reason").asText()).contains("holds no record");
        assertThat(Cli.run("verify-export", "--allow-partial", empty.toString()).code()).isZero();
    }

    @Test
    void aBrokenFile_isBrokenNotPartial_evenWithAllowPartial() throws Exception {
        List<String> chain = Files.readAllLines(Cli.vectors().resolve("chain-v1.ndjson"));
        Path gap = Files.write(tmp.resolve("gap.ndjson"), List.of(chain.get(1), chain.get(3)), StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("verify-export", "--allow-partial", gap.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(JSON.readTree(r.out()).get("partial").asBoolean()).isFalse();
    }

    @Test
    void stdin_isReadWithDash() throws Exception {
        byte[] chain = Files.readAllBytes(Cli.vectors().resolve("chain-v1.ndjson"));
        Cli.Result r = Cli.runWithStdin(chain, "verify-export", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).get("records_checked").asLong()).isEqualTo(4);
    }

    @Test
    void missingFile_exits2WithOneLine() {
        Path missing = tmp.resolve("nope.ndjson");
        Cli.Result r = Cli.run("verify-export", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("custody: cannot read " + missing + ": no such file");
    }

    @Test
    void invalidUtf8_exits2WithOneLine() throws Exception {
        Path bad = Files.write(tmp.resolve("bad.ndjson"), new byte[] {'{', (byte) 0xC3, '}', '\n'});
        Cli.Result r = Cli.run("verify-export", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("custody: cannot read " + bad + ": not valid UTF-8 text");
    }
}
