package dev.greenboard.ingest.input;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The rules every JSON body shares on its way to PostgreSQL (docs/ingest.md "What is stored exactly, what is
 * normalized"): which encodings are read, how strings become storable ({@link StorableText}), and which numbers
 * {@code jsonb} cannot take.
 */
public final class JsonInput {

    /** The encodings RFC 8259 lets a JSON text be detected in, by its first bytes. */
    public enum Encoding {

        UTF_8("UTF-8", 0),
        UTF_8_BOM("UTF-8", 3),
        UTF_16BE("UTF-16BE", 0),
        UTF_16LE("UTF-16LE", 0),
        UTF_32BE("UTF-32BE", 0),
        UTF_32LE("UTF-32LE", 0);

        private final String label;
        private final int bomLength;

        Encoding(String label, int bomLength) {
            this.label = label;
            this.bomLength = bomLength;
        }

        /** The charset's name, as a message says it. */
        public String label() {
            return label;
        }

        /** Bytes of the UTF-8 byte order mark to skip; 0 for the others, whose decoders read their mark. */
        public int bomLength() {
            return bomLength;
        }

        public boolean isUtf8() {
            return this == UTF_8 || this == UTF_8_BOM;
        }
    }

    private JsonInput() {
    }

    /**
     * The encoding of a JSON text that starts with {@code head}: a byte order mark says it, else the pattern of zero
     * bytes among the first four (a JSON text starts with an ASCII character), else UTF-8.
     */
    public static Encoding detect(byte[] head, int length) {
        int b0 = length > 0 ? head[0] & 0xff : -1;
        int b1 = length > 1 ? head[1] & 0xff : -1;
        int b2 = length > 2 ? head[2] & 0xff : -1;
        int b3 = length > 3 ? head[3] & 0xff : -1;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            return Encoding.UTF_8_BOM;
        }
        if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
            return Encoding.UTF_32BE;
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
            return Encoding.UTF_32LE;
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return Encoding.UTF_16BE;
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return Encoding.UTF_16LE;
        }
        if (length >= 4) {
            if (b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
                return Encoding.UTF_32BE;
            }
            if (b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
                return Encoding.UTF_32LE;
            }
            if (b0 == 0 && b1 != 0 && b2 == 0 && b3 != 0) {
                return Encoding.UTF_16BE;
            }
            if (b0 != 0 && b1 == 0 && b2 != 0 && b3 == 0) {
                return Encoding.UTF_16LE;
            }
        }
        return Encoding.UTF_8;
    }

    /**
     * Makes every string and field name of {@code node} storable, in place: NUL removed, U+FFFD for a lone surrogate.
     * Two field names that become equal keep the later value, as {@code jsonb} keeps the last of duplicate keys.
     *
     * @return whether anything changed
     */
    public static boolean makeStorable(JsonNode node) {
        if (node instanceof ObjectNode object) {
            return makeStorable(object);
        }
        if (node instanceof ArrayNode array) {
            boolean changed = false;
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual() && !StorableText.isStorable(element.textValue())) {
                    array.set(i, TextNode.valueOf(StorableText.of(element.textValue())));
                    changed = true;
                } else if (element.isContainerNode()) {
                    changed |= makeStorable(element);
                }
            }
            return changed;
        }
        return false;
    }

    private static boolean makeStorable(ObjectNode object) {
        boolean changed = false;
        boolean keysChanged = false;
        List<String> names = new ArrayList<>(object.size());
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            keysChanged |= !StorableText.isStorable(name);
            JsonNode value = object.get(name);
            if (value.isTextual() && !StorableText.isStorable(value.textValue())) {
                object.set(name, TextNode.valueOf(StorableText.of(value.textValue())));
                changed = true;
            } else if (value.isContainerNode()) {
                changed |= makeStorable(value);
            }
        }
        if (keysChanged) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = object.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                fields.put(StorableText.of(entry.getKey()), entry.getValue());
            }
            object.removeAll();
            object.setAll(fields);
        }
        return changed || keysChanged;
    }

    /**
     * The JSON Pointer of the first number in {@code node} that was too large for a double (Jackson read it as
     * infinity), or null when there is none. {@code jsonb} holds no infinity, and the number as sent is gone.
     */
    public static String nonFiniteNumberAt(JsonNode node) {
        return nonFiniteNumberAt(node, "");
    }

    private static String nonFiniteNumberAt(JsonNode node, String pointer) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) && !node.isBigDecimal()) {
            return pointer.isEmpty() ? "/" : pointer;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String found = nonFiniteNumberAt(field.getValue(),
                        pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"));
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nonFiniteNumberAt(node.get(i), pointer + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
