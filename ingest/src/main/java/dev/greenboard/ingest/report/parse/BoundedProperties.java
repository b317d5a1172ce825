package dev.greenboard.ingest.report.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of one test case while it is being read. A report may hold any number of them, so only the first
 * {@link #MAX_PROPERTIES} distinct names are kept and names and values are cut to the message limit; without
 * that, one test case could hold the parser's whole heap.
 */
final class BoundedProperties {

    static final int MAX_PROPERTIES = 256;

    private final int maxChars;
    private LinkedHashMap<String, String> values;

    BoundedProperties(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Later values of the same name replace earlier ones, as gtest's RecordProperty does. */
    void put(String name, String value) {
        String key = BoundedText.bounded(name, maxChars);
        if (key == null) {
            return;
        }
        if (values == null) {
            values = new LinkedHashMap<>();
        }
        if (values.size() >= MAX_PROPERTIES && !values.containsKey(key)) {
            return;
        }
        String kept = BoundedText.bounded(value, maxChars);
        values.put(key, kept == null ? "" : kept);
    }

    Map<String, String> toMap() {
        return values == null ? Map.of() : values;
    }
}
