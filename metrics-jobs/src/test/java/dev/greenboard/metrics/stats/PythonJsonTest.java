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
