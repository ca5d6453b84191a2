package dev.custody.app.api;

import dev.custody.app.cli.CustodyCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The offline CLI in this JVM beside a service test: one command, and a config file made of the service's properties. */
final class OfflineCli {

    /** A command's exit code and what it wrote. */
    record Run(int code, String out, String err) {
    }

    private OfflineCli() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CustodyCommand.run(args, new PrintWriter(out), new PrintWriter(err), () -> new ByteArrayInputStream(new byte[0]));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * The service's flat properties (lists left out) as {@code home/cli.yml}, with a data directory of its own,
     * {@code home/cli}, created first: read-only commands refuse one that does not exist (they create nothing).
     */
    static Path config(Path home, Map<String, Object> props) throws IOException {
        StringBuilder yaml = new StringBuilder();
        props.forEach((k, v) -> {
            if (!(v instanceof List)) {
                yaml.append(k).append(": \"").append(v).append("\"\n");
            }
        });
        Files.createDirectories(home.resolve("cli"));
        yaml.append("custody.home: \"").append(home.resolve("cli")).append("\"\n");
        return Files.writeString(home.resolve("cli.yml"), yaml);
    }
}
