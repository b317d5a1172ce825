package dev.greenboard.api.namedquery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.DurationConverter;

import dev.greenboard.api.namedquery.NamedQueryDefinition.Source;

/**
 * Reads one named query from its directory: {@code query.sql} (required) and {@code params.json} (optional: a query
 * without it takes no parameters). Everything is checked here, once, so that a mistake in a query file is reported
 * with the file and what to fix, not as a database error on every call:
 *
 * <pre>
 * {
 *   "description": "What the rows are",
 *   "timeout": "30s",
 *   "params": [
 *     {"name": "repo", "type": "string", "description": "owner/name"},
 *     {"name": "days", "type": "int", "default": 14, "description": "..."}
 *   ]
 * }
 * </pre>
 */
final class NamedQueryLoader {

    static final String QUERY_FILE = "query.sql";
    static final String PARAMS_FILE = "params.json";

    /** Query names are directory names and appear in URLs and file names (CSV downloads). */
    static final Pattern QUERY_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    /** Parameter names are SQL placeholders ({@code :name}), so no '-': {@code :days-1} must mean days minus one. */
    static final Pattern PARAM_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,63}");
    /** {@code format} chooses JSON or CSV in {@code GET /api/v1/queries/{name}}, so no query may take it. */
    static final String RESERVED_PARAM = "format";

    private static final Set<String> QUERY_KEYS = Set.of("description", "timeout", "params");
    private static final Set<String> PARAM_KEYS = Set.of("name", "type", "default", "description");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A query directory whose files are not a valid named query. */
    static final class InvalidNamedQuery extends Exception {

        InvalidNamedQuery(String message) {
            super(message);
        }
    }

    private NamedQueryLoader() {
    }

    static NamedQueryDefinition load(Path directory, Source source) throws InvalidNamedQuery {
        // A directory inside a jar (the shipped queries) may keep its trailing '/' in its name.
        String name = directory.getFileName().toString().replace("/", "");
        if (!QUERY_NAME.matcher(name).matches()) {
            throw new InvalidNamedQuery("the directory name '" + name + "' is not a query name: 1 to 64 of a-z, 0-9,"
                    + " '_' and '-'");
        }
        Path queryFile = directory.resolve(QUERY_FILE);
        Path paramsFile = directory.resolve(PARAMS_FILE);
        if (!Files.isRegularFile(queryFile)) {
            throw new InvalidNamedQuery("the directory has no " + QUERY_FILE);
        }
        String sqlText = read(queryFile);
        JsonNode spec = Files.exists(paramsFile) ? parseJson(read(paramsFile)) : JSON.createObjectNode();
        try {
            return define(name, source, sqlText, spec);
        } catch (IllegalArgumentException e) {
            throw new InvalidNamedQuery(e.getMessage());
        }
    }

    private static NamedQueryDefinition define(String name, Source source, String sqlText, JsonNode spec) {
        if (!spec.isObject()) {
            throw new IllegalArgumentException(PARAMS_FILE + " must hold a JSON object");
        }
        unknownKeys(spec, QUERY_KEYS, PARAMS_FILE);
        List<ParameterSpec> params = params(spec.get("params"));
        SqlTemplate template = SqlTemplate.parse(sqlText);

        Map<String, ParameterType> types = new HashMap<>();
        params.forEach(p -> types.put(p.name(), p.type()));
        for (String used : template.names()) {
            if (!types.containsKey(used)) {
                throw new IllegalArgumentException(QUERY_FILE + " uses :" + used + " but " + PARAMS_FILE
                        + " declares no parameter '" + used + "'");
            }
        }
        for (ParameterSpec param : params) {
            if (!template.names().contains(param.name())) {
                throw new IllegalArgumentException(PARAMS_FILE + " declares parameter '" + param.name() + "' but "
                        + QUERY_FILE + " never uses :" + param.name());
            }
        }
        SqlTemplate.Positional positional = template.positional(types);
        return new NamedQueryDefinition(name, source, text(spec, "description", PARAMS_FILE), params,
                positional.sql(), positional.order(), timeout(spec.get("timeout")));
    }

    private static List<ParameterSpec> params(JsonNode list) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("\"params\" must be an array of parameters");
        }
        List<ParameterSpec> params = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "params[" + i + "]";
            JsonNode param = list.get(i);
            if (!param.isObject()) {
                throw new IllegalArgumentException(where + " must be an object");
            }
            unknownKeys(param, PARAM_KEYS, where);
            String name = text(param, "name", where);
            if (name == null || !PARAM_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ".name must be 1 to 64 of a-z, 0-9 and '_', starting with"
                        + " a letter or '_', got " + param.get("name"));
            }
            if (name.equals(RESERVED_PARAM)) {
                throw new IllegalArgumentException(where + ": '" + RESERVED_PARAM + "' is reserved (it chooses JSON or"
                        + " CSV in the REST API); rename the parameter");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": parameter '" + name + "' is declared twice");
            }
            String typeName = text(param, "type", where);
            if (typeName == null) {
                throw new IllegalArgumentException(where + " ('" + name + "') needs a type: one of "
                        + ParameterType.spellings());
            }
            ParameterType type;
            try {
                type = ParameterType.of(typeName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " ('" + name + "'): " + e.getMessage());
            }
            JsonNode defaultNode = param.get("default");
            Object defaultValue = null;
            if (defaultNode != null && !defaultNode.isNull()) {
                try {
                    defaultValue = type.parse(defaultNode);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + " ('" + name + "'): the default " + e.getMessage());
                }
            }
            params.add(new ParameterSpec(name, type, defaultNode == null, defaultValue,
                    defaultNode == null || defaultNode.isNull() ? null : defaultNode.asText(),
                    text(param, "description", where)));
        }
        return List.copyOf(params);
    }

    private static Optional<Duration> timeout(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        Duration timeout;
        try {
            timeout = DurationConverter.parseDuration(node.asText());
        } catch (IllegalArgumentException e) {
            timeout = null;
        }
        if (timeout == null || timeout.toMillis() <= 0) {
            throw new IllegalArgumentException("\"timeout\" must be a positive duration such as 500ms, 30s or 2m,"
                    + " got " + node);
        }
        return Optional.of(timeout);
    }

    private static void unknownKeys(JsonNode object, Set<String> known, String where) {
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where + " has an unknown key \"" + key + "\"; known keys are "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode object, String key, String where) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + "." + key + " must be a string, got " + value);
        }
        return value.asText();
    }

    private static String read(Path file) throws InvalidNamedQuery {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The message of an IOException is often the absolute path, which callers of the API need not see.
            throw new InvalidNamedQuery(
                    "cannot read " + file.getFileName() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static JsonNode parseJson(String text) throws InvalidNamedQuery {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new InvalidNamedQuery(PARAMS_FILE + " is not valid JSON: " + e.getOriginalMessage() + where);
        }
    }
}
