package dev.greenboard.metrics.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * {@code test_platform(labels, runner labels, job name)}, the SQL function that places a report on the platform whose
 * results platform-smoke-tests compares.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TestPlatformFunctionTest {

    @Inject
    AgroalDataSource dataSource;

    /** The platform of a report: its upload label, else its runner labels, else its job name; whole words only. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            {"platform": "Windows"} | linux.2xlarge           | linux / test          | windows
            {"platform": "rocm"}    | linux.rocm.gpu          | -                     | rocm
            {"platform": ""}        | windows.4xlarge         | -                     | windows
            {}                      | windows.4xlarge         | linux / test          | windows
            {}                      | macos-m1-14             | -                     | macos
            {}                      | ubuntu-latest           | -                     | linux
            {}                      | self-hosted,gpu         | win-vs2022 / test     | windows
            {}                      | self-hosted             | macos-py3-arm64 / mps | macos
            {}                      | self-hosted             | darwin-build          | macos
            {}                      | self-hosted             | twin-tower / test     | -
            {}                      | self-hosted             | machine / test        | -
            {}                      | -                       | -                     | -
            """)
    void platformComesFromLabelRunnerOrName(String labels, String runners, String jobName, String platform) {
        Map<String, Object> row = new Sql(dataSource).row("select test_platform(?::jsonb, ?::text[], ?) as p", labels,
                runners == null ? "{}" : "{" + runners + "}", jobName);
        assertEquals(platform, row.get("p"));
    }
}
