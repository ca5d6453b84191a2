package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * docs/plugins.md is what an outside team writes a plugin from, so its code must work as printed: every block
 * captioned with a repository file is that file, byte for byte; every Java block compiles against the SPI and the
 * kit (javax.tools, the way a team's build would); and the kit tests among them run and pass (JUnit's launcher).
 */
class PluginDocsTest {

    private static final Path ROOT = Path.of(System.getProperty("custody.root", "../.."));
    private static final Pattern CAPTION = Pattern.compile("`([\\w./-]+)`:");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern TYPE = Pattern.compile("(?m)^(?:public |final |abstract )*(?:class|interface|record|enum) (\\w+)");

    /** A fenced block: its info string, the file its caption names (or null), its text. */
    record Block(String info, String caption, String text, int line) {
    }

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs/plugins.md"));
        List<Block> out = new ArrayList<>();
        String lastText = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("```")) {
                String info = l.substring(3).trim();
                StringBuilder sb = new StringBuilder();
                int start = i + 1;
                for (i++; !lines.get(i).startsWith("```"); i++) {
                    sb.append(lines.get(i)).append('\n');
                }
                Matcher m = lastText == null ? null : CAPTION.matcher(lastText);
                out.add(new Block(info, m != null && m.matches() ? m.group(1) : null, sb.toString(), start));
                lastText = null;
            } else if (!l.isBlank()) {
                lastText = l.trim();
            }
        }
        return out;
    }

    @Test
    void everyBlockCaptionedWithAFile_isThatFile() throws IOException {
        List<Block> captioned = blocks().stream().filter(b -> b.caption() != null).toList();
        assertThat(captioned).as("the example's files are printed in §7").hasSizeGreaterThanOrEqualTo(6);
        for (Block b : captioned) {
            Path file = ROOT.resolve(b.caption());
            assertThat(file).as("docs/plugins.md line %d names %s", b.line(), b.caption()).isRegularFile();
            assertThat(b.text()).as("docs/plugins.md line %d: the block printed as %s", b.line(), b.caption())
                    .isEqualTo(Files.readString(file).stripTrailing() + "\n");
        }
    }

    @Test
    void everyJavaBlockCompilesAgainstTheKit_andTheKitTestsAmongThemPass(@TempDir Path work) throws Exception {
        List<Block> java = blocks().stream().filter(b -> b.info().equals("java")).toList();
        assertThat(java).isNotEmpty();
        List<Path> plugin = new ArrayList<>();
        for (Block b : java) {
            Path source = write(work.resolve("src"), b);
            if (packageOf(b).startsWith("dev.custody.ports")) {
                // an excerpt of the SPI: it must compile as printed, alone, against nothing but the JDK and the SPI
                compile(List.of(source), work.resolve("spi-" + b.line()));
            } else {
                plugin.add(source);
            }
        }
        Path classes = work.resolve("classes");
        compile(plugin, classes);
        List<String> tests = new ArrayList<>();
        try (Stream<Path> s = Files.walk(classes)) {
            s.map(p -> classes.relativize(p).toString()).filter(n -> n.endsWith("Test.class") && !n.contains("$"))
                    .forEach(n -> tests.add(n.replace('/', '.').replace(".class", "")));
        }
        assertThat(tests).as("the kit tests printed in §7").isNotEmpty();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            TestExecutionSummary summary = run(loader, tests);
            StringWriter failures = new StringWriter();
            summary.printFailuresTo(new java.io.PrintWriter(failures), 20);
            assertThat(summary.getTestsFoundCount()).as("tests found in " + tests).isGreaterThan(0);
            assertThat(summary.getTotalFailureCount()).as(failures.toString()).isZero();
            assertThat(summary.getTestsSucceededCount()).isEqualTo(summary.getTestsFoundCount());
        }
    }

    private static TestExecutionSummary run(ClassLoader loader, List<String> tests) throws ClassNotFoundException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
            for (String t : tests) {
                request.selectors(DiscoverySelectors.selectClass(loader.loadClass(t)));
            }
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(request.build(), listener);
            return listener.getSummary();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String packageOf(Block b) {
        Matcher m = PACKAGE.matcher(b.text());
        assertThat(m.find()).as("docs/plugins.md line %d: a Java block is a whole file, with its package", b.line()).isTrue();
        return m.group(1);
    }

    private static Path write(Path src, Block b) throws IOException {
        Matcher type = TYPE.matcher(b.text());
        assertThat(type.find()).as("docs/plugins.md line %d declares a type", b.line()).isTrue();
        Path file = src.resolve(packageOf(b).replace('.', '/')).resolve(type.group(1) + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.text());
        return file;
    }

    private static void compile(List<Path> sources, Path out) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-proc:none", "-cp",
                System.getProperty("java.class.path"), "-d", out.toString()));
        sources.forEach(s -> args.add(s.toString()));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, err, err, args.toArray(String[]::new));
        assertThat(rc).as("javac of the Java blocks of docs/plugins.md:%n%s", err.toString()).isZero();
    }
}
