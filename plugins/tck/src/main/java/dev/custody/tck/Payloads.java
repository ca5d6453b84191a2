package dev.custody.tck;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Event payloads the contracts store: realistic ones and hostile-but-valid ones. */
final class Payloads {

    /** Strings a store must keep byte for byte, whatever its query language or file format. */
    static final List<String> HOSTILE_STRINGS = List.of(
            "'; DROP TABLE audit_records; --",
            "\"; DELETE FROM audit_records WHERE '1'='1",
            "nul\u0000inside",
            "line\r\nbreak\nand\rreturns",
            "\"double\" and 'single' quotes",
            "back\\slash \\\\ \\u0041 \\n",
            "emoji 🚀👩‍⚖️🏳️‍🌈 and surrogates 𝄞",
            "rtl \u202Eevil\u202C \u200Fمرحبا\u200E שלום",
            "control \u0001\u001F\u007F\u0085 \u2028\u2029 chars",
            "${jndi:ldap://x/a} {{7*7}} <script>alert(1)</script> %s %n",
            "x".repeat(10 * 1024),
            "é".repeat(5 * 1024));

    private Payloads() {
    }

    /** About 500 bytes of JSON: nested objects, unicode, quotes, numbers of several kinds. */
    static Map<String, Object> realistic(long n) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("input", 1200 + n % 97);
        tokens.put("output", 311);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", "req-" + n);
        m.put("model", "credit-risk-2026.03");
        m.put("prompt", "Assess the \"loan application\" of Zoë Müller-Łukasiewicz (São Paulo) — "
                + "日本語のメモ, 'single' quotes, a back\\slash and a tab\tcharacter #" + n);
        m.put("score", 0.8125);
        m.put("amount_eur", -12345.678);
        m.put("largest_safe", 9007199254740991L);
        m.put("tiny", 1.0E-7);
        m.put("tokens", tokens);
        m.put("flags", List.of(true, false));
        m.put("nothing", null);
        m.put("reviewers", List.of("ana@example.com", "李雷", "Ελένη"));
        m.put("note", "✅ approved under policy §4.2 ≤ 30 days 🚀");
        return m;
    }

    /** One payload field per hostile string. */
    static Map<String, Object> hostile() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < HOSTILE_STRINGS.size(); i++) {
            m.put("s" + i, HOSTILE_STRINGS.get(i));
        }
        m.put("'; DROP TABLE audit_records; --", "as a key");
        m.put("list", List.copyOf(HOSTILE_STRINGS.subList(0, 6)));
        return m;
    }
}
