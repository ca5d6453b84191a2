package dev.custody.domain.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 6901 JSON pointer into an event's payload, written from the event ({@code /payload/user/email}).
 * Operations never modify their input: they copy the containers along the path.
 *
 * @param text the pointer as configured
 * @param tokens the unescaped tokens after {@code /payload}
 */
public record PayloadPointer(String text, List<String> tokens) {

    public PayloadPointer {
        tokens = List.copyOf(tokens);
    }

    /**
     * Parses {@code /payload/…}.
     *
     * @throws IllegalArgumentException when it is not a pointer into the payload
     */
    public static PayloadPointer parse(String text) {
        if (text == null || !text.startsWith("/payload/") || text.length() == "/payload/".length()) {
            throw new IllegalArgumentException("must be a JSON pointer into the payload such as /payload/email, got " + text);
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring("/payload/".length()).split("/", -1)) {
            if (raw.matches(".*~[^01].*|.*~$")) {
                throw new IllegalArgumentException("invalid escape in JSON pointer " + text + " (use ~0 for ~ and ~1 for /)");
            }
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return new PayloadPointer(text, tokens);
    }

    /** The value at this pointer, if there is one (an explicit JSON null is present, as {@code Optional<Holder>}). */
    public Optional<Object[]> find(Map<String, Object> payload) {
        Object at = payload;
        for (String t : tokens) {
            if (at instanceof Map<?, ?> m && m.containsKey(t)) {
                at = m.get(t);
            } else if (at instanceof List<?> l && index(t, l.size()) >= 0) {
                at = l.get(index(t, l.size()));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Object[] {at});
    }

    /** A copy of {@code payload} with the value at this pointer replaced by {@code value}; unchanged when absent. */
    public Map<String, Object> replace(Map<String, Object> payload, Object value) {
        return find(payload).isEmpty() ? payload : cast(rewrite(payload, 0, value, false));
    }

    /** A copy of {@code payload} without the value at this pointer; unchanged when absent. */
    public Map<String, Object> remove(Map<String, Object> payload) {
        return find(payload).isEmpty() ? payload : cast(rewrite(payload, 0, null, true));
    }

    /** Copies the value at this pointer from {@code source} into {@code target} (creating objects on the way). */
    void copy(Map<String, Object> source, Map<String, Object> target) {
        Object at = source;
        Map<String, Object> into = target;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (!(at instanceof Map<?, ?> m) || !m.containsKey(t)) {
                return;
            }
            Object next = m.get(t);
            if (i == tokens.size() - 1 || !(next instanceof Map<?, ?>)) {
                // the target, or an array/scalar on the way: kept whole
                if (i == tokens.size() - 1 || next instanceof List<?>) {
                    into.put(t, next);
                }
                return;
            }
            Object existing = into.get(t);
            Map<String, Object> child = existing instanceof Map<?, ?> ? cast(existing) : new LinkedHashMap<>();
            into.put(t, child);
            into = child;
            at = next;
        }
    }

    private Object rewrite(Object node, int depth, Object value, boolean delete) {
        String t = tokens.get(depth);
        boolean last = depth == tokens.size() - 1;
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>(cast(m));
            if (last) {
                if (delete) {
                    copy.remove(t);
                } else {
                    copy.put(t, value);
                }
            } else {
                copy.put(t, rewrite(m.get(t), depth + 1, value, delete));
            }
            return copy;
        }
        List<Object> l = new ArrayList<>((List<?>) node);
        int i = index(t, l.size());
        if (last) {
            if (delete) {
                l.remove(i);
            } else {
                l.set(i, value);
            }
        } else {
            l.set(i, rewrite(l.get(i), depth + 1, value, delete));
        }
        return l;
    }

    private static int index(String token, int size) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            return -1;
        }
        int i = Integer.parseInt(token);
        return i < size ? i : -1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object m) {
        return (Map<String, Object>) m;
    }

    @Override
    public String toString() {
        return text;
    }
}
