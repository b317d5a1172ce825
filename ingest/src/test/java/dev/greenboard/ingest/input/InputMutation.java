package dev.greenboard.ingest.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Deterministic mutations of real inputs for the fuzz tests: each takes a body from the corpus and a seeded
 * {@link Random} and makes one hostile or unlucky variant of it, the kinds issue 11 found answered with a 500.
 */
public final class InputMutation {

    /** What a mutation does to a body. */
    public enum Kind {
        NUL_IN_STRING,
        NUL_IN_FIELD_NAME,
        LONE_SURROGATE,
        BOM,
        UTF_16,
        TRAILING_GARBAGE,
        TRUNCATION,
        HUGE_IDENTIFIER,
        OUT_OF_RANGE_NUMBER,
        OUT_OF_RANGE_TIME,
        WRONG_TYPE,
        DEEP_NESTING
    }

    /** One mutated body, and what was done, for the failure message. */
    public record Mutated(byte[] body, String description) {
    }

    /** Field names whose values go into indexes or identities somewhere in Greenboard. */
    private static final Set<String> IDENTIFIERS = Set.of("name", "full_name", "head_branch", "ref", "head_sha",
            "sha", "id", "workflow_name", "labels", "status", "classname", "file", "_id", "login", "context",
            "head", "base", "label", "runner_name", "conclusion", "event", "action", "after", "before");

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d)");
    private static final String MARK = "FUZZ-RAW-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InputMutation() {
    }

    /** A JSON body mutated by {@code kind}; the tree-level kinds fall back to a byte-level one for a scalar body. */
    public static Mutated json(byte[] body, Kind kind, Random random) {
        return switch (kind) {
            case BOM -> new Mutated(concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body), "UTF-8 BOM");
            case UTF_16 -> utf16(body, random);
            case TRAILING_GARBAGE -> trailing(body, random);
            case TRUNCATION -> truncated(body, random);
            default -> treeMutation(body, kind, random);
        };
    }

    private static Mutated treeMutation(byte[] body, Kind kind, Random random) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Slot> slots = new ArrayList<>();
        collect(root, null, null, -1, slots);
        String fragment;
        Slot slot;
        switch (kind) {
            case NUL_IN_STRING, LONE_SURROGATE -> {
                slot = pick(slots, s -> s.value().isTextual(), random);
                String text = slot == null ? "x" : slot.value().textValue();
                int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
                String escape = kind == Kind.NUL_IN_STRING ? "\\u0000" : (random.nextBoolean() ? "\\ud800" : "\\udfff");
                fragment = "\"" + escaped(text.substring(0, at)) + escape + escaped(text.substring(at)) + "\"";
            }
            case NUL_IN_FIELD_NAME -> {
                slot = pick(slots, s -> s.key() != null, random);
                if (slot != null) {
                    String text = slot.key();
                    return new Mutated(renameField(root, slot, "\"" + escaped(text.substring(0, text.length() / 2))
                            + "\\u0000" + escaped(text.substring(text.length() / 2)) + "\""),
                            "NUL in field name " + text);
                }
                fragment = "\"\\u0000\"";
            }
            case HUGE_IDENTIFIER -> {
                slot = pick(slots, s -> s.key() != null && IDENTIFIERS.contains(s.key()) && s.value().isValueNode(),
                        random);
                if (slot == null) {
                    slot = pick(slots, s -> s.value().isTextual(), random);
                }
                int[] sizes = {3_000, 10_000, 100_000, 1_048_576};
                int size = sizes[random.nextInt(10) < 8 ? random.nextInt(2) : 2 + random.nextInt(2)];
                fragment = "\"" + randomText(random, size) + "\"";
            }
            case OUT_OF_RANGE_NUMBER -> {
                slot = pick(slots, s -> s.value().isNumber(), random);
                String[] numbers = {"1e1000000", "-1e1000000", "99999999999999999999999999", "1e400", "-1", "0.5",
                        "2147483648", "9223372036854775808"};
                fragment = numbers[random.nextInt(numbers.length)];
            }
            case OUT_OF_RANGE_TIME -> {
                slot = pick(slots, s -> (s.value().isTextual() && TIME.matcher(s.value().textValue()).matches())
                        || (s.key() != null && (s.key().endsWith("_at") || s.key().endsWith("time"))), random);
                String[] times = {"\"+99999-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"",
                        "\"0000-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "99999999999999", "-62135596801",
                        "1e15", "\"+294277-01-01T00:00:00Z\""};
                fragment = times[random.nextInt(times.length)];
            }
            case WRONG_TYPE -> {
                slot = pick(slots, s -> true, random);
                String[] values = {"{}", "[]", "\"x\"", "1", "true", "null", "[1, {\"a\": \"b\"}]", "{\"id\": []}"};
                fragment = values[random.nextInt(values.length)];
            }
            case DEEP_NESTING -> {
                slot = pick(slots, s -> true, random);
                int depth = random.nextBoolean() ? 500 : 3000;
                fragment = "[".repeat(depth) + "]".repeat(depth);
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        if (slot == null) {
            // Nothing of that kind in this body: the mutation goes on a field of its own.
            if (!(root instanceof ObjectNode object)) {
                return trailing(body, random);
            }
            object.put("fuzz", MARK);
            return new Mutated(replaceMark(root, fragment), kind + " in an added field: " + excerpt(fragment));
        }
        slot.replace(TextNode.valueOf(MARK));
        return new Mutated(replaceMark(root, fragment), kind + " at " + slot.describe() + ": " + excerpt(fragment));
    }

    private static Mutated utf16(byte[] body, Random random) {
        String text = new String(body, StandardCharsets.UTF_8);
        return switch (random.nextInt(3)) {
            case 0 -> new Mutated(concat(new byte[]{(byte) 0xFF, (byte) 0xFE},
                    text.getBytes(StandardCharsets.UTF_16LE)), "UTF-16LE with BOM");
            case 1 -> new Mutated(text.getBytes(StandardCharsets.UTF_16), "UTF-16BE with BOM");
            default -> new Mutated(text.getBytes(StandardCharsets.UTF_16LE), "UTF-16LE without BOM");
        };
    }

    private static Mutated trailing(byte[] body, Random random) {
        String[] garbage = {"x", "}", "{}", "\u0000", "\n{\"a\": 1}", "]]]", "\uFFFF"};
        String chosen = garbage[random.nextInt(garbage.length)];
        return new Mutated(concat(body, chosen.getBytes(StandardCharsets.UTF_8)),
                "trailing " + excerpt(chosen.replace("\u0000", "NUL")));
    }

    private static Mutated truncated(byte[] body, Random random) {
        if (body.length < 2) {
            return trailing(body, random);
        }
        int length = 1 + random.nextInt(Math.max(1, body.length - 1));
        byte[] cut = new byte[length];
        System.arraycopy(body, 0, cut, 0, length);
        return new Mutated(cut, "truncated to " + length + " of " + body.length + " bytes");
    }

    /** A place in a tree: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String key, int index, JsonNode value) {

        void replace(JsonNode replacement) {
            if (parent instanceof ObjectNode object) {
                object.set(key, replacement);
            } else if (parent instanceof ArrayNode array) {
                array.set(index, replacement);
            }
        }

        String describe() {
            return key != null ? "field " + key : "element " + index;
        }
    }

    private static void collect(JsonNode node, JsonNode parent, String key, int index, List<Slot> slots) {
        if (parent != null) {
            slots.add(new Slot(parent, key, index, node));
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> collect(field.getValue(), node, field.getKey(), -1, slots));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), node, null, i, slots);
            }
        }
    }

    private static Slot pick(List<Slot> slots, java.util.function.Predicate<Slot> fits, Random random) {
        List<Slot> candidates = slots.stream().filter(fits).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private static byte[] renameField(JsonNode root, Slot slot, String quotedName) {
        ObjectNode object = (ObjectNode) slot.parent();
        JsonNode value = object.remove(slot.key());
        object.set(MARK, value);
        return replaceMark(root, quotedName, "\"" + MARK + "\"");
    }

    private static byte[] replaceMark(JsonNode root, String fragment) {
        return replaceMark(root, fragment, "\"" + MARK + "\"");
    }

    private static byte[] replaceMark(JsonNode root, String fragment, String quotedMark) {
        String text = root.toString();
        return text.replace(quotedMark, fragment).getBytes(StandardCharsets.UTF_8);
    }

    private static String escaped(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    /** Letters, digits and multi-byte characters: text that does not compress into an index entry. */
    public static String randomText(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/.:éß中";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    public static String excerpt(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…(" + text.length() + " chars)";
    }
}
