package dev.custody.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SeverityTableTest {

    private static final String PREFIX = "custody.sinks[0].properties.";

    @Test
    void defaultTable_theServicesOwnSuccessesAreInformational_refusalsMedium_failuresHigh() {
        SeverityTable t = SeverityTable.DEFAULT;
        for (String ok : new String[] {"success", "approved", "granted", "erased", "completed", "OK"}) {
            assertThat(t.of(ok)).as(ok).isEqualTo(Severity.INFORMATIONAL);
        }
        assertThat(t.of("denied")).isEqualTo(Severity.MEDIUM);
        assertThat(t.of("failed")).isEqualTo(Severity.HIGH);
        assertThat(t.of("partially_erased")).isEqualTo(Severity.HIGH);
        assertThat(t.of("incomplete")).isEqualTo(Severity.LOW);
    }

    @Test
    void eachSeverityHasOneTranslationPerProtocol() {
        assertThat(Severity.INFORMATIONAL).extracting(Severity::syslog, Severity::cef, Severity::ocsfId).containsExactly(6, 3, 1);
        assertThat(Severity.LOW).extracting(Severity::syslog, Severity::cef, Severity::ocsfId).containsExactly(5, 5, 2);
        assertThat(Severity.MEDIUM).extracting(Severity::syslog, Severity::cef, Severity::ocsfId).containsExactly(4, 7, 3);
        assertThat(Severity.HIGH).extracting(Severity::syslog, Severity::cef, Severity::ocsfId).containsExactly(3, 8, 4);
        assertThat(Severity.CRITICAL).extracting(Severity::syslog, Severity::cef, Severity::ocsfId).containsExactly(2, 10, 5);
    }

    @Test
    void propertiesChangeSingleEntriesAndTheDefault() {
        SeverityTable t = SeverityTable.from(ProviderConfig.of(PREFIX, Map.of("severity.incomplete", "medium",
                "severity.denied", "High", "severity.default", "informational", "host", "x")));
        assertThat(t.of("incomplete")).isEqualTo(Severity.MEDIUM);
        assertThat(t.of("denied")).isEqualTo(Severity.HIGH);
        assertThat(t.of("rotated")).isEqualTo(Severity.INFORMATIONAL);
        assertThat(t.of("failed")).isEqualTo(Severity.HIGH);
        assertThat(SeverityTable.keysIn(ProviderConfig.of(PREFIX, Map.of("severity.denied", "high", "host", "x"))))
                .containsExactly("severity.denied");
    }

    @Test
    void aValueThatIsNoSeverityNamesTheKey() {
        assertThatThrownBy(() -> SeverityTable.from(ProviderConfig.of(PREFIX, Map.of("severity.denied", "loud"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for " + PREFIX + "severity.denied=loud: must be one of "
                        + "[informational, low, medium, high, critical]");
    }
}
