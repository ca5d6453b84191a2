package dev.custody.app.api;

import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed, pointer-aware reads of one parsed JSON object; every mistake names its JSON pointer. */
final class JsonObject {

    private final Map<String, Object> map;
    private final String pointer;
    private final ProblemCode code;

    JsonObject(Map<String, Object> map, String pointer, ProblemCode code) {
        this.map = map;
        this.pointer = pointer;
        this.code = code;
    }

    String pointer() {
        return pointer;
    }

    boolean has(String name) {
        return map.containsKey(name);
    }

    /** @throws ProblemException naming the first member not in {@code allowed} */
    void allowOnly(Set<String> allowed) {
        for (String name : map.keySet()) {
            if (!allowed.contains(name)) {
                throw fail(name, "unknown field '" + name + "'; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    String string(String name, boolean required) {
        Object v = value(name, required);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw fail(name, "must be a string, got " + typeOf(v));
        }
        return s;
    }

    /** The value of a required member, of any JSON type but null. */
    Object raw(String name) {
        return value(name, true);
    }

    /** An optional boolean member; null when absent. */
    Boolean bool(String name) {
        Object v = value(name, false);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw fail(name, "must be true or false, got " + typeOf(v));
        }
        return b;
    }

    Long integer(String name) {
        Object v = value(name, false);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Long l)) {
            throw fail(name, "must be an integer, got " + typeOf(v));
        }
        return l;
    }

    JsonObject object(String name, boolean required) {
        Map<String, Object> m = rawObject(name, required);
        return m == null ? null : new JsonObject(m, child(name), code);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> rawObject(String name, boolean required) {
        Object v = value(name, required);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            throw fail(name, "must be an object, got " + typeOf(v));
        }
        return (Map<String, Object>) v;
    }

    List<?> array(String name) {
        Object v = value(name, true);
        if (!(v instanceof List<?> list)) {
            throw fail(name, "must be an array, got " + typeOf(v));
        }
        return list;
    }

    private Object value(String name, boolean required) {
        if (!map.containsKey(name)) {
            if (required) {
                throw fail(name, "is required");
            }
            return null;
        }
        Object v = map.get(name);
        if (v == null) {
            throw fail(name, required ? "is required and must not be null" : "must not be null; omit the field instead");
        }
        return v;
    }

    String child(String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    ProblemException fail(String name, String reason) {
        String field = child(name);
        return ProblemException.at(code, field, field + ": " + reason);
    }

    static String typeOf(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return v instanceof List<?> ? "an array" : "an object";
    }
}
