package dev.greenboard.ingest.report.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;
import dev.greenboard.model.testresult.TestStatus;

/**
 * Streams a JSON-lines report ({@code application/x-ndjson}), one test case per line:
 * {@code {"file","classname","name","status","duration_s","message","rerun_count"}} plus any other keys, which are
 * kept as properties (strings as they are, other values as JSON text).
 * <p>
 * {@code name} and {@code status} are required; {@code status} is read by {@link TestStatus#parse(String)}.
 * Blank lines are skipped. Jackson reads the body token by token, and its string-length constraint bounds the one
 * value it has to hold at a time; test cases go to the sink line by line.
 * <p>
 * Instances are immutable and may be shared between threads.
 */
public final class JsonLinesReportParser {

    /** The same bound as for one XML token: a longer string can only be an attack on the heap. */
    private static final int MAX_STRING_CHARS = (int) JunitXmlParser.MAX_TOKEN_BYTES;

    private static final int MAX_QUOTED_STATUS_CHARS = 64;

    private final ParseLimits limits;
    private final JsonFactory jsonFactory;

    public JsonLinesReportParser() {
        this(ParseLimits.defaults());
    }

    public JsonLinesReportParser(ParseLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.jsonFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    /**
     * Reads the whole report, handing each line's test case to {@code sink} as soon as it is read. The stream is
     * read to its end but not closed.
     *
     * @throws ReportParseException when the report is empty, has a JSON syntax error (with line and column), a
     *         line that is not an object or two values on one line, or a test case without name or with an unknown
     *         status (with its line); test cases of earlier lines may already be in the sink
     * @throws IOException when reading {@code report} itself fails
     */
    public ParseSummary parse(InputStream report, TestCaseSink sink) throws ReportParseException, IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(sink, "sink");
        StatusTally tally = new StatusTally();
        boolean sawTestCase = false;
        int lastLine = 0;
        JsonParser parser = null;
        try {
            parser = jsonFactory.createParser(report);
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonLocation start = parser.currentTokenLocation();
                int line = start.getLineNr();
                if (sawTestCase && line == lastLine) {
                    throw new ReportParseException(Kind.NOT_WELL_FORMED, "is not well-formed JSON lines",
                            "a second JSON value starts on the same line", line, start.getColumnNr(), null);
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new ReportParseException(Kind.INVALID, "has a line that is not a JSON object", null, line,
                            null, null);
                }
                ParsedTestCase testCase = readTestCase(parser, line);
                lastLine = parser.currentLocation().getLineNr();
                sawTestCase = true;
                sink.accept(testCase);
                tally.add(testCase.status());
            }
        } catch (StreamConstraintsException e) {
            JsonLocation where = locationOf(e, parser);
            throw new ReportParseException(Kind.TOO_LARGE, "has a JSON value over the size limits",
                    e.getOriginalMessage(), lineOf(where), columnOf(where), e);
        } catch (JsonProcessingException e) {
            JsonLocation where = locationOf(e, parser);
            throw new ReportParseException(Kind.NOT_WELL_FORMED, "is not well-formed JSON", e.getOriginalMessage(),
                    lineOf(where), columnOf(where), e);
        } finally {
            if (parser != null) {
                parser.close();
            }
        }
        if (!sawTestCase) {
            throw ReportParseException.of(Kind.EMPTY, "is empty", "it has no JSON lines");
        }
        return tally.toSummary();
    }

    private ParsedTestCase readTestCase(JsonParser parser, int line) throws IOException, ReportParseException {
        String file = null;
        String classname = "";
        String name = null;
        String statusText = null;
        Double durationSeconds = null;
        String message = null;
        int rerunCount = 0;
        BoundedProperties extras = new BoundedProperties(limits.maxMessageChars());
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            switch (key) {
                case "file" -> file = string(parser, key, line);
                case "classname" -> classname = Objects.requireNonNullElse(string(parser, key, line), "");
                case "name" -> name = string(parser, key, line);
                case "status" -> statusText = string(parser, key, line);
                case "duration_s" -> durationSeconds = durationSeconds(parser);
                case "message" -> message = BoundedText.bounded(string(parser, key, line), limits.maxMessageChars());
                case "rerun_count" -> rerunCount = rerunCount(parser, line);
                default -> extras.put(key, jsonText(parser));
            }
        }
        if (name == null) {
            throw invalidTestCase(line, "it has no \"name\"");
        }
        if (statusText == null) {
            throw invalidTestCase(line, "it has no \"status\"");
        }
        TestStatus status = TestStatus.parse(statusText);
        if (status == null) {
            throw invalidTestCase(line,
                    "unknown status '" + BoundedText.bounded(statusText, MAX_QUOTED_STATUS_CHARS) + "'");
        }
        return new ParsedTestCase("", file, classname, name, status, durationSeconds, rerunCount, message, null,
                extras.toMap());
    }

    private static String string(JsonParser parser, String key, int line) throws IOException, ReportParseException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            default -> throw invalidTestCase(line, "\"" + key + "\" must be a string");
        };
    }

    /** Like a {@code time} attribute, an unusable duration becomes null rather than an error (docs/definitions.md "Report status"). */
    private static Double durationSeconds(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ParsedTestCase.usableSeconds(parser.getDoubleValue());
            case VALUE_STRING -> ParsedTestCase.parseSeconds(parser.getText());
            default -> {
                parser.skipChildren();
                yield null;
            }
        };
    }

    private static int rerunCount(JsonParser parser, int line) throws IOException, ReportParseException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                && parser.getIntValue() >= 0) {
            return parser.getIntValue();
        }
        throw invalidTestCase(line, "\"rerun_count\" must be a non-negative integer");
    }

    /** An extra key's value: a string as it is, anything else as (compact, possibly cut) JSON text. */
    private String jsonText(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (!token.isStructStart()) {
            return parser.getText();
        }
        BoundedText json = new BoundedText(limits.maxMessageChars());
        try (JsonGenerator generator = jsonFactory.createGenerator(new BoundedTextWriter(json))) {
            generator.copyCurrentStructure(parser);
        }
        return json.value();
    }

    private static ReportParseException invalidTestCase(int line, String reason) {
        return new ReportParseException(Kind.INVALID, "has an invalid test case", reason, line, null, null);
    }

    /** Where Jackson stopped: some of its limits (nesting depth) say no location, but the parser knows it. */
    private static JsonLocation locationOf(JsonProcessingException e, JsonParser parser) {
        return e.getLocation() != null || parser == null ? e.getLocation() : parser.currentLocation();
    }

    private static Integer lineOf(JsonLocation location) {
        return location == null || location.getLineNr() <= 0 ? null : location.getLineNr();
    }

    private static Integer columnOf(JsonLocation location) {
        return location == null || location.getColumnNr() <= 0 ? null : location.getColumnNr();
    }

    /** Lets Jackson write a nested value of any size while only its first chars are kept. */
    private static final class BoundedTextWriter extends Writer {

        private final BoundedText text;

        BoundedTextWriter(BoundedText text) {
            this.text = text;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void flush() {
            // Nothing is buffered here.
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }
}
