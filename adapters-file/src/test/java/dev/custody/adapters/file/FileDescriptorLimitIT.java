package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.StoreUnavailableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store in a process whose descriptor limit is far below {@code max-open-chains} (a child JVM started under
 * {@code ulimit -n 256}, the store at its default of 1024): more chains than descriptors all work, because the store
 * closes idle chains when the OS refuses a file; when something else holds every descriptor, each operation fails
 * with {@link StoreUnavailableException} (never a raw I/O error), and works again once they are released.
 */
class FileDescriptorLimitIT {

    private static final int LIMIT = 256;

    @TempDir
    Path dir;

    @Test
    void underALowDescriptorLimit_chainsAreClosedForRoom_exhaustionIsAnOutage_andItPasses() throws Exception {
        List<String> lines = runProbe();

        assertThat(lines).as("the probe's findings").contains("done");
        String many = lines.stream().filter(l -> l.startsWith("many-chains ")).findFirst().orElseThrow();
        assertThat(many).startsWith("many-chains appended=" + DescriptorLimitProbe.CHAINS + " ");
        int openChannels = Integer.parseInt(many.replaceAll(".* open-channels=(\\d+).*", "$1"));
        assertThat(openChannels).as("fewer channels open than chains written: idle ones were closed for room")
                .isLessThan(LIMIT).isLessThan(DescriptorLimitProbe.CHAINS);
        for (String operation : List.of("append", "tip", "read", "chains")) {
            assertThat(lines).as(operation + " while every descriptor is taken").anySatisfy(l -> assertThat(l)
                    .startsWith("exhausted " + operation + " " + StoreUnavailableException.class.getName() + ": ")
                    .contains("out of file descriptors").contains("Too many open files"));
            assertThat(lines).as(operation + " once they are released").contains("released " + operation + " ok");
        }
    }

    private List<String> runProbe() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "ulimit -n " + LIMIT + " && exec \"$0\" -Xmx256m -cp \"$1\" " + DescriptorLimitProbe.class.getName()
                + " \"$2\"";
        Process child = new ProcessBuilder("bash", "-c", command, java, System.getProperty("java.class.path"), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the probe finished").isTrue();
        assertThat(child.exitValue()).as("the probe's exit status; its findings: %s", lines).isZero();
        return lines;
    }
}
