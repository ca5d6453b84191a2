package dev.custody.plugins.ocsf.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates one OCSF event against {@link OcsfSchema}: the class from {@code class_uid}; {@code category_uid} and
 * {@code type_uid} consistent with it and {@code activity_id}; every attribute defined for its class or object;
 * an attribute of a profile only when {@code metadata.profiles} declares the profile (and the class supports it);
 * required attributes present; object constraints ({@code at_least_one}, {@code just_one}); enum values defined,
 * {@code 99} (Other) with its sibling set, a sibling that is not Other equal to the enum's caption; values of
 * their data type (JSON type, {@code integer_t} within 32 bits, {@code max_len}, {@code regex}, {@code range});
 * no {@code null}s. Missing recommended attributes are warnings, not violations.
 */
public final class OcsfValidator {

    /** What is wrong (violations) and what is merely missing (recommended attributes). */
    public record Result(List<String> violations, List<String> warnings) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    /** Enums the OCSF server generates per class; checked above as class, category and type consistency. */
    private static final Set<String> GENERATED = Set.of("class_uid", "category_uid", "type_uid");

    private final OcsfSchema schema;

    public OcsfValidator(OcsfSchema schema) {
        this.schema = schema;
    }

    public Result validate(JsonNode event) {
        List<String> violations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!event.isObject()) {
            return new Result(List.of("event: not a JSON object"), List.of());
        }
        JsonNode classUid = event.get("class_uid");
        if (classUid == null || !classUid.canConvertToLong()) {
            return new Result(List.of("class_uid: missing or not an integer"), List.of());
        }
        var eventClass = schema.classByUid(classUid.asLong());
        if (eventClass.isEmpty()) {
            return new Result(List.of("class_uid: " + classUid + " is no class of OCSF " + schema.version()), List.of());
        }
        OcsfSchema.Definition c = eventClass.get();
        if (event.path("category_uid").asLong(-1) != schema.categoryUid(c)) {
            violations.add("category_uid: " + event.get("category_uid") + ", but class " + c.name() + " is in category "
                    + c.category() + " (" + schema.categoryUid(c) + ")");
        }
        long expectedType = schema.classUid(c) * 100 + event.path("activity_id").asLong();
        if (event.path("type_uid").asLong(-1) != expectedType) {
            violations.add("type_uid: " + event.get("type_uid") + ", but class_uid * 100 + activity_id is " + expectedType);
        }
        Set<String> profiles = new HashSet<>();
        for (JsonNode p : event.path("metadata").path("profiles")) {
            profiles.add(p.asText());
            if (!schema.isProfile(p.asText())) {
                violations.add("metadata.profiles: " + p + " is no profile of OCSF " + schema.version());
            } else if (!c.profiles().contains(p.asText())) {
                violations.add("metadata.profiles: class " + c.name() + " does not support profile " + p);
            }
        }
        if (!event.path("metadata").path("version").asText().equals(schema.version())) {
            violations.add("metadata.version: " + event.path("metadata").get("version") + ", not " + schema.version());
        }
        new Walk(profiles, violations, warnings).object(event, c, "");
        return new Result(List.copyOf(violations), List.copyOf(warnings));
    }

    /** One event's walk: the profiles it declares and what it found. */
    private final class Walk {
        private final Set<String> profiles;
        private final List<String> violations;
        private final List<String> warnings;

        Walk(Set<String> profiles, List<String> violations, List<String> warnings) {
            this.profiles = profiles;
            this.violations = violations;
            this.warnings = warnings;
        }

        void object(JsonNode node, OcsfSchema.Definition d, String path) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String at = path + f.getKey();
                JsonNode spec = d.attributes().get(f.getKey());
                if (spec == null) {
                    violations.add(at + ": not an attribute of " + d.name());
                    continue;
                }
                String profile = profileOf(spec);
                if (profile != null && !profiles.contains(profile)) {
                    violations.add(at + ": belongs to profile " + profile + ", which metadata.profiles does not declare");
                }
                value(f.getValue(), spec, at);
                enumeration(node, f.getKey(), f.getValue(), spec, at);
            }
            d.attributes().forEach((name, spec) -> {
                if (node.has(name)) {
                    return;
                }
                String profile = profileOf(spec);
                boolean applies = profile == null || profiles.contains(profile);
                String requirement = spec.path("requirement").asText("optional");
                if (applies && requirement.equals("required")) {
                    violations.add(path + name + ": required in " + d.name() + " but missing");
                } else if (applies && requirement.equals("recommended")) {
                    warnings.add(path + name + ": recommended in " + d.name() + " but missing");
                }
            });
            constraints(node, d, path);
        }

        private void constraints(JsonNode node, OcsfSchema.Definition d, String path) {
            if (d.constraints() == null) {
                return;
            }
            JsonNode atLeastOne = d.constraints().get("at_least_one");
            if (atLeastOne != null && present(node, atLeastOne) == 0) {
                violations.add((path.isEmpty() ? d.name() : path.substring(0, path.length() - 1)) + ": " + d.name()
                        + " needs at least one of " + atLeastOne);
            }
            JsonNode justOne = d.constraints().get("just_one");
            if (justOne != null && present(node, justOne) != 1) {
                violations.add((path.isEmpty() ? d.name() : path.substring(0, path.length() - 1)) + ": " + d.name()
                        + " needs exactly one of " + justOne);
            }
        }

        private int present(JsonNode node, JsonNode names) {
            int n = 0;
            for (JsonNode name : names) {
                n += node.hasNonNull(name.asText()) ? 1 : 0;
            }
            return n;
        }

        private void value(JsonNode v, JsonNode spec, String at) {
            if (v.isNull()) {
                violations.add(at + ": null (leave an absent value out)");
                return;
            }
            if (spec.path("is_array").asBoolean(false)) {
                if (!v.isArray()) {
                    violations.add(at + ": must be an array");
                    return;
                }
                for (int i = 0; i < v.size(); i++) {
                    single(v.get(i), spec, at + "[" + i + "]");
                }
                return;
            }
            single(v, spec, at);
        }

        private void single(JsonNode v, JsonNode spec, String at) {
            String type = spec.path("type").asText();
            if (type.equals("object")) {
                if (!v.isObject()) {
                    violations.add(at + ": must be an object");
                }
                return;
            }
            if (!type.endsWith("_t")) {
                var object = schema.object(type);
                if (object.isEmpty()) {
                    violations.add(at + ": object type " + type + " is not vendored; vendor objects/" + type + ".json");
                } else if (!v.isObject()) {
                    violations.add(at + ": must be a " + type + " object");
                } else {
                    object(v, object.get(), at + ".");
                }
                return;
            }
            primitive(v, type, at);
        }

        private void primitive(JsonNode v, String type, String at) {
            JsonNode t = schema.type(type);
            if (t == null) {
                violations.add(at + ": unknown data type " + type);
                return;
            }
            String base = type;
            Integer maxLen = null;
            String regex = null;
            JsonNode range = null;
            for (JsonNode cur = t; cur != null; ) {
                if (maxLen == null && cur.has("max_len")) {
                    maxLen = cur.get("max_len").asInt();
                }
                if (regex == null && cur.has("regex")) {
                    regex = cur.get("regex").asText();
                }
                if (range == null && cur.has("range")) {
                    range = cur.get("range");
                }
                if (!cur.has("type")) {
                    break;
                }
                base = cur.get("type").asText();
                cur = schema.type(base);
            }
            boolean ok = switch (base) {
                case "string_t" -> v.isTextual();
                case "integer_t" -> v.isIntegralNumber() && v.canConvertToInt();
                case "long_t" -> v.isIntegralNumber() && v.canConvertToLong();
                case "float_t" -> v.isNumber();
                case "boolean_t" -> v.isBoolean();
                case "json_t" -> true;
                default -> false;
            };
            if (!ok) {
                violations.add(at + ": " + v + " is not a " + type + " (" + base + ")");
                return;
            }
            if (v.isTextual() && maxLen != null && v.asText().length() > maxLen) {
                violations.add(at + ": longer than " + type + "'s max_len " + maxLen);
            }
            if (v.isTextual() && regex != null && !Pattern.compile(regex).matcher(v.asText()).matches()) {
                violations.add(at + ": " + v + " does not match " + type + "'s pattern");
            }
            if (v.isNumber() && range != null && (v.asLong() < range.get(0).asLong() || v.asLong() > range.get(1).asLong())) {
                violations.add(at + ": " + v + " is outside " + type + "'s range " + range);
            }
        }

        /** An enum's value must be defined; Other (99) needs its sibling; a sibling otherwise names the caption. */
        private void enumeration(JsonNode node, String name, JsonNode v, JsonNode spec, String at) {
            JsonNode values = spec.get("enum");
            if (values == null || v.isNull() || v.isArray() || GENERATED.contains(name)) {
                return;
            }
            JsonNode defined = values.get(v.asText());
            if (defined == null) {
                violations.add(at + ": " + v + " is not one of " + fieldNames(values));
                return;
            }
            String sibling = spec.path("sibling").asText(null);
            if (sibling == null) {
                return;
            }
            String siblingAt = at.substring(0, at.length() - name.length()) + sibling;
            if (v.asInt() == 99) {
                if (!node.hasNonNull(sibling) || node.get(sibling).asText().isBlank()) {
                    violations.add(siblingAt + ": required with " + name + " 99 (Other), to say what it is");
                }
            } else if (node.hasNonNull(sibling) && !node.get(sibling).asText().equals(defined.path("caption").asText())) {
                violations.add(siblingAt + ": " + node.get(sibling) + ", but " + name + " " + v + " is "
                        + defined.path("caption"));
            }
        }

        private String profileOf(JsonNode spec) {
            JsonNode p = spec.get("profile");
            return p == null || p.isNull() ? null : p.asText();
        }

        private List<String> fieldNames(JsonNode n) {
            List<String> out = new ArrayList<>();
            n.fieldNames().forEachRemaining(out::add);
            return out;
        }
    }
}
