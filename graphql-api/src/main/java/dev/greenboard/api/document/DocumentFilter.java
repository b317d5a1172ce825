package dev.greenboard.api.document;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.greenboard.api.graphql.ApiException;

/**
 * Compiles the small JSON filter language of {@code documents(where:)} into a parameterized SQL condition over the
 * JSONB body. Paths and values only ever travel as bind parameters; nothing the caller writes is concatenated into
 * the SQL text, which is built from this class's own fragments.
 *
 * <pre>
 * {"job.name": "build"}                          equality on a dotted path
 * {"seconds": {"$gt": 10, "$lte": 60}}           $eq $ne $gt $gte $lt $lte
 * {"status": {"$in": ["failure", "cancelled"]}}  $in $nin
 * {"runner": {"$exists": true}}                  $exists
 * {"$or": [{...}, {...}]}, {"$and": [...]}       combinations
 * </pre>
 */
public final class DocumentFilter {

    /** The SQL condition (with {@code $n} placeholders from {@code firstParam} on) and its parameters in order. */
    public record Compiled(String condition, List<Object> params) {
    }

    static final Set<String> OPERATORS = Set.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin",
            "$exists");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_@:-]{1,128}");
    private static final int MAX_CONDITIONS = 50;
    private static final int MAX_NESTING = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Object> params = new ArrayList<>();
    private final int firstParam;
    private int conditions;

    private DocumentFilter(int firstParam) {
        this.firstParam = firstParam;
    }

    /** Compiles {@code where} (a JSON object as text; null or blank matches everything). */
    public static Compiled compile(String where, int firstParam) {
        if (where == null || where.isBlank()) {
            return new Compiled("true", List.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(where);
        } catch (JsonProcessingException e) {
            throw ApiException.badInput("where is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badInput("where must be a JSON object such as {\"status\": \"failure\"}");
        }
        String nul = nulAt(root, "");
        if (nul != null) {
            throw ApiException.badInput("where holds \\u0000 at " + nul + "; documents never do (ingest removes it,"
                    + " as PostgreSQL cannot store it)");
        }
        DocumentFilter filter = new DocumentFilter(firstParam);
        String condition = filter.object(root, 0);
        return new Compiled(condition, List.copyOf(filter.params));
    }

    /** The JSON Pointer of the first string or field name in {@code node} with a NUL character, else null. */
    private static String nulAt(JsonNode node, String pointer) {
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            return pointer.isEmpty() ? "/" : pointer;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = pointer + "/" + field.getKey().replace("\0", "\\u0000");
            if (field.getKey().indexOf('\0') >= 0) {
                return at;
            }
            String found = nulAt(field.getValue(), at);
            if (found != null) {
                return found;
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            String found = nulAt(node.get(i), pointer + "/" + i);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private String object(JsonNode node, int depth) {
        if (depth > MAX_NESTING) {
            throw ApiException.badInput("where nests $and/$or deeper than " + MAX_NESTING + " levels");
        }
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("$and") || key.equals("$or")) {
                if (!field.getValue().isArray() || field.getValue().isEmpty()) {
                    throw ApiException.badInput(key + " takes a non-empty array of filter objects");
                }
                List<String> alternatives = new ArrayList<>();
                for (JsonNode child : field.getValue()) {
                    if (!child.isObject()) {
                        throw ApiException.badInput(key + " takes an array of filter objects");
                    }
                    alternatives.add(object(child, depth + 1));
                }
                parts.add("(" + String.join(key.equals("$and") ? " and " : " or ", alternatives) + ")");
            } else if (key.startsWith("$")) {
                throw ApiException.badInput("Unknown operator '" + key + "' at the top of where; use a field path,"
                        + " $and or $or");
            } else {
                parts.add(field(key, field.getValue()));
            }
        }
        return parts.isEmpty() ? "true" : "(" + String.join(" and ", parts) + ")";
    }

    private String field(String path, JsonNode value) {
        String[] segments = path.split("\\.", -1);
        if (segments.length > 16) {
            throw ApiException.badInput("Path '" + path + "' has more than 16 parts");
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw ApiException.badInput("Path '" + path + "' is not a dotted path of names (letters, digits,"
                        + " _ @ : -)");
            }
        }
        boolean operators = value.isObject() && value.size() > 0 && value.fieldNames().next().startsWith("$");
        if (!operators) {
            return compare(segments, "$eq", value);
        }
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> ops = value.fields();
        while (ops.hasNext()) {
            Map.Entry<String, JsonNode> op = ops.next();
            if (!OPERATORS.contains(op.getKey())) {
                throw ApiException.badInput("Unknown operator '" + op.getKey() + "' on '" + path + "'; use one of "
                        + String.join(", ", new java.util.TreeSet<>(OPERATORS)));
            }
            parts.add(compare(segments, op.getKey(), op.getValue()));
        }
        return "(" + String.join(" and ", parts) + ")";
    }

    private String compare(String[] path, String operator, JsonNode value) {
        if (++conditions > MAX_CONDITIONS) {
            throw ApiException.badInput("where has more than " + MAX_CONDITIONS + " conditions");
        }
        String at = "(body #> " + param(path) + "::text[])";
        return switch (operator) {
            case "$eq" -> at + " = " + param(value.toString()) + "::text::jsonb";
            case "$ne" -> at + " is distinct from " + param(value.toString()) + "::text::jsonb";
            case "$gt", "$gte", "$lt", "$lte" -> {
                if (!value.isNumber() && !value.isTextual()) {
                    throw ApiException.badInput(operator + " compares numbers or strings, got " + value);
                }
                String sqlOperator = switch (operator) {
                    case "$gt" -> ">";
                    case "$gte" -> ">=";
                    case "$lt" -> "<";
                    default -> "<=";
                };
                String v = param(value.toString());
                // Only values of the same JSON type compare: 10 is never "greater" than "abc".
                yield "(jsonb_typeof(" + at + ") = jsonb_typeof(" + v + "::text::jsonb) and " + at + " " + sqlOperator
                        + " " + v + "::text::jsonb)";
            }
            case "$in", "$nin" -> {
                if (!value.isArray()) {
                    throw ApiException.badInput(operator + " takes an array, got " + value);
                }
                String in = at + " = any(array(select jsonb_array_elements(" + param(value.toString())
                        + "::text::jsonb)))";
                yield operator.equals("$in") ? in : "not coalesce(" + in + ", false)";
            }
            case "$exists" -> {
                if (!value.isBoolean()) {
                    throw ApiException.badInput("$exists takes true or false, got " + value);
                }
                yield at + (value.asBoolean() ? " is not null" : " is null");
            }
            default -> throw new IllegalStateException(operator);
        };
    }

    private String param(Object value) {
        params.add(value);
        return "$" + (firstParam + params.size() - 1);
    }
}
