package dev.custody.app.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.spi.AuditSinkProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a small sink plugin against the ports classes only and packs it as a jar, the way a third
 * party would ship one. The sink appends each record's JSON to the file named by its {@code path}
 * property; creating it checks that neither the domain nor Micronaut is visible to the plugin, delivering fails
 * if the thread's context class loader shows any of them, and closing writes {@code <path>.closed} saying
 * {@code isolated} or which service class the context loader showed.
 */
public final class PluginJars {

    private PluginJars() {
    }

    public static Path build(Path work, String jarName, String pkg, String sinkName, int spiVersion) throws IOException {
        Path src = work.resolve("src-" + jarName);
        Path classes = work.resolve("classes-" + jarName);
        Path file = src.resolve(pkg.replace('.', '/')).resolve("LinesSinkProvider.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source(pkg, sinkName, spiVersion));
        Files.createDirectories(classes);
        String ports = Path.of(AuditSinkProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", ports, "-d", classes.toString(), file.toString());
        assertThat(rc).as("javac of the test plugin").isZero();
        Path services = classes.resolve("META-INF/services/dev.custody.ports.spi.AuditSinkProvider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, pkg + ".LinesSinkProvider\n");
        Path jar = work.resolve(jarName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(p));
                j.closeEntry();
            }
        }
        return jar;
    }

    private static String source(String pkg, String sinkName, int spiVersion) {
        return String.join("\n", List.of(
                "package " + pkg + ";",
                "import dev.custody.ports.*;",
                "import dev.custody.ports.spi.*;",
                "import java.nio.file.*;",
                "import java.util.List;",
                "public final class LinesSinkProvider implements AuditSinkProvider {",
                "  static final List<String> HIDDEN = List.of(\"dev.custody.domain.chain.ChainAppender\",",
                "      \"io.micronaut.context.ApplicationContext\", \"org.slf4j.Logger\", \"com.fasterxml.jackson.databind.ObjectMapper\");",
                "  /** The first service class that {@code loader} can see, or null. */",
                "  static String leak(ClassLoader loader) {",
                "    for (String hidden : HIDDEN) {",
                "      try { Class.forName(hidden, false, loader); return hidden; } catch (ClassNotFoundException expected) { }",
                "    }",
                "    return null;",
                "  }",
                "  static String contextLeak() {",
                "    ClassLoader ccl = Thread.currentThread().getContextClassLoader();",
                "    return ccl == null ? null : leak(ccl);",
                "  }",
                "  public String name() { return \"" + sinkName + "\"; }",
                "  public int spiVersion() { return " + spiVersion + "; }",
                "  public AuditSink create(ProviderConfig config, ProviderContext context) {",
                "    if (leak(getClass().getClassLoader()) != null) throw new ConfigurationException(\"plugin can see \" + leak(getClass().getClassLoader()));",
                "    if (contextLeak() != null) throw new ConfigurationException(\"plugin's context class loader in create() can see \" + contextLeak());",
                "    Path path = config.path(\"path\").orElseThrow(() -> new ConfigurationException(\"Missing \" + config.fullKey(\"path\")));",
                "    return new AuditSink() {",
                "      public void deliver(ChainId chain, List<AuditRecord> batch) {",
                "        if (contextLeak() != null) throw new SinkException(\"the context class loader in deliver() can see \" + contextLeak(), null);",
                "        StringBuilder sb = new StringBuilder();",
                "        for (AuditRecord r : batch) { sb.append(r.json()).append('\\n'); }",
                "        try { Files.writeString(path, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND); }",
                "        catch (java.io.IOException e) { throw new SinkException(\"cannot write \" + path + \": \" + e, e); }",
                "      }",
                "      public void close() {",
                "        String leak = contextLeak();",
                "        try { Files.writeString(path.resolveSibling(path.getFileName() + \".closed\"), leak == null ? \"isolated\" : \"sees \" + leak); }",
                "        catch (java.io.IOException e) { throw new SinkException(\"cannot write the close marker: \" + e, e); }",
                "      }",
                "    };",
                "  }",
                "}", ""));
    }
}
