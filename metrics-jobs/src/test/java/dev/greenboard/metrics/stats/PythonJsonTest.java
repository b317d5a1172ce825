package dev.greenboard.metrics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

class PythonJsonTest {

    private static Path corpus(String file) {
        String root = System.getProperty("project.root", "..");
        return Path.of(root, "testdata/corpus/pytorch-stats", file);
    }

    @Test
    void rewritesPyTorchsDisabledTestsFileByteForByte() throws IOException {
        byte[] original = Files.readAllBytes(corpus("disabled-tests-condensed.json"));
        Map<String, List<Object>> parsed = new ObjectMapper().readValue(original, new TypeReference<>() {
        });
        assertEquals(new String(original, StandardCharsets.UTF_8), PythonJson.write(parsed));
    }

    /** PyTorch's times files, read in order and written again, are the same bytes. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"test-times.sample.json",
            "test-class-times.sample.json", "slow-tests.json"})
    void rewritesPyTorchsTimesFilesByteForByte(String file) throws IOException {
        byte[] original = Files.readAllBytes(corpus(file));
        Map<String, Object> parsed = new ObjectMapper().readValue(original,
                new TypeReference<LinkedHashMap<String, Object>>() {
                });
        assertEquals(new String(original, StandardCharsets.UTF_8), PythonJson.write(parsed));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            0.5                | 0.5
            76.04433252414067  | 76.04433252414067
            0.0001             | 0.0001
            0.00001            | 1e-05
            0.000123           | 0.000123
            1.5e-7             | 1.5e-07
            10000000.0         | 10000000.0
            1e16               | 1e+16
            1.2345e17          | 1.2345e+17
            -2.5               | -2.5
            0.0                | 0.0
            3.0                | 3.0
            123456789012345.6  | 123456789012345.6
            """)
    void floatsAreWrittenAsPythonReprDoes(double value, String python) {
        assertEquals(python, PythonJson.pythonFloat(value));
    }

    @Test
    void writesEmptyContainersAndEscapesAsPythonDoes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("empty list", List.of());
        value.put("empty map", Map.of());
        value.put("text", "tab\there \"quoted\" back\\slash é 🙂 \u0001");
        value.put("numbers", List.of(1, 2.5, true));
        value.put("nothing", null);
        assertEquals("""
                {
                  "empty list": [],
                  "empty map": {},
                  "text": "tab\\there \\"quoted\\" back\\\\slash \\u00e9 \\ud83d\\ude42 \\u0001",
                  "numbers": [
                    1,
                    2.5,
                    true
                  ],
                  "nothing": null
                }""", PythonJson.write(value));
    }
}
