package dev.greenboard.metrics.jobname;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.re2j.Pattern;

import dev.greenboard.model.settings.SettingsDefaults;

class JobNameParserTest {

    private static final Pattern PYTORCH = Pattern.compile(SettingsDefaults.PYTORCH_JOB_NAMES);

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            linux-jammy-py3.10-gcc11 / test (default, 1, 5, linux.2xlarge)     | linux-jammy-py3.10-gcc11 | default | 1 | 5
            win-vs2022-cpu-py3 / test (default, 3, 3, windows.4xlarge.nonephemeral) | win-vs2022-cpu-py3 | default | 3 | 3
            macos-py3-arm64 / test (mps, 1, 1, macos-m1-14)                    | macos-py3-arm64          | mps     | 1 | 1
            linux-focal-cuda12.1 / test (crossref, 2, 2)                       | linux-focal-cuda12.1     | crossref| 2 | 2
            unit-test / inductor-test / test (inductor)                        | unit-test / inductor-test| inductor| - | -
            lint / flake8                                                      | lint / flake8            | default | - | -
            """)
    void pytorchNames(String name, String base, String config, Integer shard, Integer shards) {
        assertEquals(new JobNameParser.JobNameParts(base, config.trim(), shard, shards),
                JobNameParser.parse(PYTORCH, name.trim(), Map.of()));
    }

    @Test
    void repositoryPatternAndLabelsOverride() {
        assertEquals(new JobNameParser.JobNameParts("build", "nightly", null, null),
                JobNameParser.parse(Pattern.compile("^(?<config>\\w+)-(?<base>\\w+)$"), "nightly-build", Map.of()));
        assertEquals(new JobNameParser.JobNameParts("my-env", "slow", 2, 4), JobNameParser.parse(PYTORCH,
                "linux / test (default, 1, 5, x)", Map.of("base", "my-env", "config", "slow", "shard", "2",
                        "num_shards", "4")));
    }
}
