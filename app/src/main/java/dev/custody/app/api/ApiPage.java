package dev.custody.app.api;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Renders the OpenAPI document as one self-contained HTML page (no script, no CDN). */
final class ApiPage {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private ApiPage() {
    }

    @SuppressWarnings("unchecked")
    static String render(String yaml) {
        Map<String, Object> doc = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, Object> info = map(doc.get("info"));
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(str(info.get("title")))).append(" API</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append(".op{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}")
                .append(".m{font-weight:bold;text-transform:uppercase;margin-right:.5rem}code{background:#f3f3f3}")
                .append("</style></head><body><h1>").append(esc(str(info.get("title")))).append(" API ")
                .append(esc(str(info.get("version")))).append("</h1><p>").append(esc(str(info.get("description"))))
                .append("</p><p>Machine-readable: <a href=\"/openapi.yml\">/openapi.yml</a>. Authenticate with "
                        + "<code>Authorization: Bearer &lt;token&gt;</code>.</p>");
        map(doc.get("paths")).forEach((path, ops) -> map(ops).forEach((method, op) -> {
            if (METHODS.contains(method)) {
                Map<String, Object> o = map(op);
                h.append("<div class=\"op\"><h2><span class=\"m\">").append(esc(method)).append("</span><code>")
                        .append(esc(path)).append("</code></h2><p><b>").append(esc(str(o.get("summary"))))
                        .append("</b></p><p>").append(esc(str(o.get("description")))).append("</p><ul>");
                for (Map.Entry<?, ?> r : ((Map<?, ?>) map(o.get("responses"))).entrySet()) {
                    h.append("<li><code>").append(esc(String.valueOf(r.getKey()))).append("</code> ")
                            .append(esc(str(map(r.getValue()).get("description")))).append("</li>");
                }
                h.append("</ul></div>");
            }
        }));
        return h.append("</body></html>").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
