package dev.custody.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordLimitsTest {

    @Test
    void theDefaults_andTheCeiling_areValid_andTheDefaultsAreWithinTheCeiling() {
        RecordLimits d = RecordLimits.DEFAULT;
        RecordLimits max = RecordLimits.MAX;
        assertThat(d).isEqualTo(new RecordLimits(65_536, 32, 1024, 65_536, 100));
        assertThat(d.maxRecordBytes()).isLessThanOrEqualTo(max.maxRecordBytes());
        assertThat(d.maxDepth()).isLessThanOrEqualTo(max.maxDepth());
        assertThat(d.maxNameChars()).isLessThanOrEqualTo(max.maxNameChars());
        assertThat(d.maxStringChars()).isLessThanOrEqualTo(max.maxStringChars());
        assertThat(d.maxNumberChars()).isLessThanOrEqualTo(max.maxNumberChars());
        assertThat(RecordLimits.READER_MAX_DEPTH).isGreaterThan(max.maxDepth());
    }

    @Test
    void aLimitBeyondTheCeiling_orAPartLargerThanTheRecord_isRejectedNamingIt() {
        assertThatThrownBy(() -> new RecordLimits((16 << 20) + 1, 32, 1024, 65_536, 100))
                .hasMessage("maxRecordBytes must be between 1024 and 16777216, got 16777217");
        assertThatThrownBy(() -> new RecordLimits(65_536, 257, 1024, 65_536, 100)).hasMessageStartingWith("maxDepth");
        assertThatThrownBy(() -> new RecordLimits(65_536, 32, 65_537, 65_536, 100))
                .hasMessage("maxNameChars must be between 16 and 65536, got 65537");
        assertThatThrownBy(() -> new RecordLimits(65_536, 32, 1024, 65_537, 100)).hasMessageStartingWith("maxStringChars");
        assertThatThrownBy(() -> new RecordLimits(65_536, 32, 1024, 65_536, 1001)).hasMessageStartingWith("maxNumberChars");
        assertThatThrownBy(() -> new RecordLimits(65_536, 32, 1024, 65_536, 23)).hasMessageStartingWith("maxNumberChars");
    }
}
