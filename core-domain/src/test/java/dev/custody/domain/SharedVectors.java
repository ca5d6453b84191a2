package dev.custody.domain;

import static org.junit.jupiter.api.Assertions.fail;

import dev.custody.domain.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The test vectors in {@code ../shared/vectors/} (beside the repository, as CI has them). A missing
 * file fails the test that asked for it; it is never skipped.
 */
public final class SharedVectors {

    private SharedVectors() {
    }

    /** The path of vector file {@code name}: via the {@code custody.root} property the build sets, else from user.dir upwards. */
    public static Path file(String name) {
        List<Path> tried = new ArrayList<>();
        String root = System.getProperty("custody.root");
        if (root != null) {
            Path p = Path.of(root, "..", "shared", "vectors", name).normalize();
            tried.add(p);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path p : List.of(dir.resolve("../shared/vectors").resolve(name).normalize(),
                    dir.resolve("shared/vectors").resolve(name))) {
                tried.add(p);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return fail("shared vector file " + name + " not found; looked at " + tried);
    }

    /** The lines of vector file {@code name}, blank lines dropped. */
    public static List<String> lines(String name) {
        try {
            return Files.readAllLines(file(name), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return fail("cannot read vector file " + name, e);
        }
    }

    /** Each line of vector file {@code name} parsed as a JSON object. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(String name) {
        return lines(name).stream().map(l -> (Map<String, Object>) Json.parse(l, 1000)).toList();
    }
}
