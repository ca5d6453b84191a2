package dev.custody.plugins.ocsf.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The OCSF schema as its own repository writes it (the files of {@code ocsf-schema} at tag {@code v1.1.0},
 * vendored under {@code src/test/resources/ocsf-schema-1.1.0}), compiled the way the OCSF server compiles it:
 * a class or object is its parent's attributes ({@code extends}), overlaid by its {@code $include}d files
 * (an attribute from {@code profiles/X.json} belongs to profile X unless the including definition says
 * {@code "profile": null}), overlaid by its own; each attribute is then its dictionary entry (type, array,
 * enum, sibling) overlaid by what the class or object says about it. Constraints of the nearest definition win.
 */
public final class OcsfSchema {

    /** One compiled class or object. */
    public record Definition(String name, String category, int uid, Map<String, JsonNode> attributes,
            JsonNode constraints, List<String> profiles) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path root;
    private final JsonNode dictionary;
    private final JsonNode types;
    private final Map<String, Integer> categories = new HashMap<>();
    private final Map<String, JsonNode> classSources = new HashMap<>();
    private final Map<String, JsonNode> objectSources = new HashMap<>();
    private final Map<String, Definition> compiled = new HashMap<>();
    private final String version;

    private OcsfSchema(Path root) throws IOException {
        this.root = root;
        this.dictionary = read(root.resolve("dictionary.json")).get("attributes");
        this.types = read(root.resolve("dictionary.json")).get("types").get("attributes");
        this.version = read(root.resolve("version.json")).get("version").asText();
        read(root.resolve("categories.json")).get("attributes").fields()
                .forEachRemaining(e -> categories.put(e.getKey(), e.getValue().get("uid").asInt()));
        for (Path f : jsonFiles(root.resolve("events"))) {
            JsonNode n = read(f);
            classSources.put(n.get("name").asText(), n);
        }
        for (Path f : jsonFiles(root.resolve("objects"))) {
            JsonNode n = read(f);
            objectSources.put(n.get("name").asText(), n);
        }
    }

    /** The schema vendored into this module's test resources. */
    public static OcsfSchema v110() {
        try {
            return new OcsfSchema(Path.of(OcsfSchema.class.getResource("/ocsf-schema-1.1.0/version.json").toURI()).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public String version() {
        return version;
    }

    /** The class whose {@code class_uid} (category uid × 1000 + class uid) is {@code classUid}. */
    public Optional<Definition> classByUid(long classUid) {
        for (String name : classSources.keySet()) {
            Definition d = eventClass(name);
            if (d.uid() > 0 && classUid(d) == classUid) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public long classUid(Definition eventClass) {
        return categoryUid(eventClass) * 1000L + eventClass.uid();
    }

    public int categoryUid(Definition eventClass) {
        return categories.getOrDefault(eventClass.category(), 0);
    }

    /** The compiled event class {@code name}. */
    public Definition eventClass(String name) {
        return compiled.computeIfAbsent("class:" + name, k -> compile(name, classSources, "event class"));
    }

    /** The compiled object {@code name}; empty when the schema (as vendored) has none. */
    public Optional<Definition> object(String name) {
        if (!objectSources.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.of(compiled.computeIfAbsent("object:" + name, k -> compile(name, objectSources, "object")));
    }

    /** The dictionary's data type {@code name} ({@code string_t}, {@code timestamp_t}, …), or null. */
    public JsonNode type(String name) {
        return types.get(name);
    }

    /** Whether {@code name} is a profile this schema defines. */
    public boolean isProfile(String name) {
        return Files.isRegularFile(root.resolve("profiles").resolve(name + ".json"));
    }

    private Definition compile(String name, Map<String, JsonNode> sources, String what) {
        JsonNode src = sources.get(name);
        if (src == null) {
            throw new IllegalArgumentException("no " + what + " " + name + " in OCSF " + version);
        }
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        String category = text(src, "category");
        int uid = src.path("uid").asInt(0);
        JsonNode constraints = src.get("constraints");
        List<String> profiles = new java.util.ArrayList<>();
        if (src.hasNonNull("extends") && !src.get("extends").asText().equals("object")) {
            Definition parent = compile(src.get("extends").asText(), sources, what);
            parent.attributes().forEach((k, v) -> attributes.put(k, v.deepCopy()));
            category = category != null ? category : parent.category();
            constraints = constraints != null ? constraints : parent.constraints();
            profiles.addAll(parent.profiles());
        }
        src.path("profiles").forEach(p -> profiles.add(p.asText()));
        JsonNode own = src.path("attributes");
        for (JsonNode include : own.path("$include")) {
            JsonNode file = read(root.resolve(include.asText()));
            String profile = file.path("meta").asText().equals("profile") ? file.get("name").asText() : null;
            file.path("attributes").fields().forEachRemaining(e -> {
                ObjectNode a = e.getValue().deepCopy();
                if (profile != null && !a.has("profile")) {
                    a.put("profile", profile);
                }
                attributes.merge(e.getKey(), a, OcsfSchema::overlay);
            });
        }
        own.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("$include")) {
                attributes.merge(e.getKey(), e.getValue().deepCopy(), OcsfSchema::overlay);
            }
        });
        Map<String, JsonNode> complete = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            JsonNode entry = dictionary.get(k);
            if (entry == null) {
                throw new IllegalStateException(what + " " + name + " has attribute " + k + ", which the dictionary lacks");
            }
            complete.put(k, overlay(entry.deepCopy(), v));
        });
        return new Definition(name, category, uid, complete, constraints, List.copyOf(profiles));
    }

    /** {@code over} deep-merged onto {@code base}: objects merge key by key, anything else is replaced. */
    static JsonNode overlay(JsonNode base, JsonNode over) {
        if (!(base instanceof ObjectNode b) || !over.isObject()) {
            return over.deepCopy();
        }
        ObjectNode out = b.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = out.get(e.getKey());
            out.set(e.getKey(), existing == null ? e.getValue().deepCopy() : overlay(existing, e.getValue()));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private JsonNode read(Path f) {
        try {
            return mapper.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
