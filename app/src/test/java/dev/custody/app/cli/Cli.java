package dev.custody.app.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the command line in this JVM with captured streams. */
final class Cli {

    /** What one run printed and returned. */
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    static Result runWithStdin(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CustodyCommand.run(args, new PrintWriter(out), new PrintWriter(err), () -> new ByteArrayInputStream(stdin));
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code <custody.root>/../shared/vectors}: the shared test vectors; fails the test when they cannot be found. */
    static Path vectors() {
        String root = System.getProperty("custody.root");
        if (root == null || root.isBlank()) {
            throw new AssertionError("system property custody.root is not set (surefire and failsafe set it to the repository root)");
        }
        Path dir = Path.of(root).resolve("../shared/vectors").normalize();
        if (!Files.isRegularFile(dir.resolve("chain-v1.ndjson")) || !Files.isRegularFile(dir.resolve("tamper-v1.ndjson"))) {
            throw new AssertionError("the shared test vectors are missing: expected chain-v1.ndjson and tamper-v1.ndjson in " + dir);
        }
        return dir;
    }
}
