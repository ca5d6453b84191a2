package dev.custody.domain.privacy;

import dev.custody.ports.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example {@link Redactor} ({@code card-numbers}): in every string of the payload, a run of 13 to 19
 * digits (spaces or dashes between them allowed) that passes the Luhn check is masked to its last four
 * digits, as PCI DSS allows to display: {@code 4111 1111 1111 1111} becomes {@code ************1111}.
 */
final class CardNumberRedactor implements Redactor {

    static final String NAME = "card-numbers";
    private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> redact(String kind, Map<String, Object> payload) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) walk(payload);
        return out;
    }

    private static Object walk(Object v) {
        if (v instanceof String s) {
            return mask(s);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object w = walk(e.getValue());
                changed |= w != e.getValue();
                copy.put((String) e.getKey(), w);
            }
            return changed ? copy : v;
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            boolean changed = false;
            for (Object o : l) {
                Object w = walk(o);
                changed |= w != o;
                copy.add(w);
            }
            return changed ? copy : v;
        }
        return v;
    }

    /** {@code s} with every card number masked, or {@code s} itself when it holds none. */
    static String mask(String s) {
        Matcher m = CANDIDATE.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            if (!luhn(digits)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, last, m.start()).append("*".repeat(digits.length() - 4)).append(digits.substring(digits.length() - 4));
            last = m.end();
        }
        return out == null ? s : out.append(s, last, s.length()).toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
