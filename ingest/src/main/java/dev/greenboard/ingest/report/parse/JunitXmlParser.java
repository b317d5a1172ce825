package dev.greenboard.ingest.report.parse;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;
import dev.greenboard.model.testresult.TestStatus;

/**
 * Streams a JUnit XML report, in any of the dialects in the test corpus (Surefire, pytest, gtest, tst, jest, Go,
 * PHPUnit, .NET, ...), into test cases.
 * <p>
 * Memory stays bounded whatever the size of the report: the JDK's StAX parser reads it token by token, each test
 * case goes to the sink as soon as its {@code </testcase>} is read, long texts are cut while they arrive, and
 * {@link XmlTokenGuard} bounds what the parser itself buffers. DTDs are refused outright, so no entity is ever
 * expanded and nothing outside the report is ever loaded.
 * <p>
 * The status of a test case follows docs/definitions.md "Report status": an {@code <error>} child, else a {@code <failure>} child, else a
 * {@code <flakyFailure>}/{@code <flakyError>} child, else a {@code <skipped>} child or a {@code status}/
 * {@code result} attribute of skipped, notrun, disabled or suppressed; otherwise it passed. Elements are matched by
 * local name, so namespace prefixes do not matter. Result elements directly under a {@code <testsuite>} describe
 * the suite, not a test case, and are not counted.
 * <p>
 * Instances are immutable and may be shared between threads.
 */
public final class JunitXmlParser {

    /**
     * Largest single token (comment, attribute value, processing instruction, DOCTYPE) the parser may buffer. Far
     * above any real failure message attribute, and small enough that buffering one is harmless in a 256 MB heap.
     */
    static final long MAX_TOKEN_BYTES = 8L * 1024 * 1024;

    /** Real reports nest suites a few levels deep; thousands of levels only serve to exhaust the parser. */
    private static final int MAX_ELEMENT_DEPTH = 256;

    /** Makes the JDK parser hand out CDATA (where Surefire puts stack traces) in pieces instead of all at once. */
    private static final int CDATA_CHUNK_CHARS = 8192;

    private static final String NAMESPACES_SPEC = "http://www.w3.org/TR/1999/REC-xml-names-";

    private static final Set<String> SKIPPING_STATUSES = Set.of("skipped", "notrun", "disabled", "suppressed");

    private final ParseLimits limits;

    public JunitXmlParser() {
        this(ParseLimits.defaults());
    }

    public JunitXmlParser(ParseLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Reads the whole report, handing each test case to {@code sink} as soon as it is complete. The stream is read
     * to the end of the XML document but not closed.
     *
     * @throws ReportParseException when the report is empty, not well-formed, not JUnit, has a DOCTYPE or breaks a
     *         limit; test cases read before the problem may already be in the sink
     * @throws IOException when reading {@code report} itself fails
     */
    public ParseSummary parse(InputStream report, TestCaseSink sink) throws ReportParseException, IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(sink, "sink");
        try {
            PushbackInputStream source = new PushbackInputStream(report, 1);
            int first = source.read();
            if (first < 0) {
                throw ReportParseException.of(Kind.EMPTY, "is empty");
            }
            source.unread(first);
            XmlTokenGuard guard = new XmlTokenGuard(source, MAX_TOKEN_BYTES);
            XMLStreamReader reader = null;
            try {
                reader = newInputFactory().createXMLStreamReader(guard);
                return new ReportWalk(reader, guard, sink).walk();
            } catch (XMLStreamException e) {
                throw translate(e);
            } finally {
                closeQuietly(reader);
            }
        } catch (ReportLimitExceededException e) {
            throw e.problem();
        }
    }

    private static XMLInputFactory newInputFactory() {
        // The JDK's own implementation, whatever StAX provider the classpath brings: the settings below are known
        // to hold for it, and a factory per parse avoids sharing a mutable factory between threads.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty("jdk.xml.cdataChunkSize", CDATA_CHUNK_CHARS);
        factory.setProperty("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("External resource[" + systemId + "] is never loaded");
        });
        return factory;
    }

    private static ReportParseException translate(XMLStreamException failure) throws IOException {
        ReportParseException limit = ReportLimitExceededException.findIn(failure);
        if (limit != null) {
            return limit;
        }
        Throwable nested = failure.getNestedException() != null ? failure.getNestedException() : failure.getCause();
        Location location = failure.getLocation();
        Integer line = location == null ? null : positive(location.getLineNumber());
        Integer column = location == null ? null : positive(location.getColumnNumber());
        if (nested instanceof CharConversionException badBytes) {
            // Bytes that are not valid in the document's encoding: the report is at fault, not the connection.
            return new ReportParseException(Kind.NOT_WELL_FORMED, "is not well-formed XML", badBytes.getMessage(),
                    line, column, failure);
        }
        if (nested instanceof IOException readFailure) {
            throw readFailure;
        }
        String reason = parserReason(failure);
        // The JDK prefixes the messages of its safety limits (depth, entity expansion, name length) with a code.
        if (reason.startsWith("JAXP")) {
            return new ReportParseException(Kind.INVALID, "exceeds a safety limit of the XML parser", reason, line,
                    column, failure);
        }
        return new ReportParseException(Kind.NOT_WELL_FORMED, "is not well-formed XML", reason, line, column,
                failure);
    }

    /** The JDK's message without its "ParseError at [row,col]:[12,5]" preamble, which the location already says. */
    private static String parserReason(XMLStreamException failure) {
        String message = String.valueOf(failure.getMessage());
        int reasonStart = message.indexOf("Message: ");
        String reason = reasonStart >= 0 ? message.substring(reasonStart + "Message: ".length()) : message;
        // Namespace errors come as a bare spec link such as "...REC-xml-names-19990114#ElementPrefixUnbound?a&a:b".
        int namespaceError = reason.startsWith(NAMESPACES_SPEC) ? reason.indexOf('#') : -1;
        if (namespaceError >= 0) {
            String[] keyAndArguments = reason.substring(namespaceError + 1).split("\\?", 2);
            return "namespace error " + keyAndArguments[0]
                    + (keyAndArguments.length > 1 ? " (" + keyAndArguments[1].replace("&", ", ") + ")" : "");
        }
        return reason;
    }

    /** gtest writes {@code result="suppressed"}/{@code status="notrun"}, tst {@code status="disabled"}. */
    private static boolean isSkipping(String statusAttribute) {
        return statusAttribute != null && SKIPPING_STATUSES.contains(statusAttribute.trim().toLowerCase(Locale.ROOT));
    }

    private static Integer positive(int number) {
        return number > 0 ? number : null;
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // Closing only frees the parser's buffers; the report's outcome is already decided.
        }
    }

    private record OpenSuite(String name, int depth) {
    }

    /** One pass over one report: the element path that matters and the test case being read. */
    private final class ReportWalk {

        private final XMLStreamReader reader;
        private final XmlTokenGuard guard;
        private final TestCaseSink sink;
        private final StatusTally tally = new StatusTally();
        private final Deque<OpenSuite> suites = new ArrayDeque<>();
        private int depth;
        private TestCaseInProgress testCase;

        ReportWalk(XMLStreamReader reader, XmlTokenGuard guard, TestCaseSink sink) {
            this.reader = reader;
            this.guard = guard;
            this.sink = sink;
        }

        ParseSummary walk() throws XMLStreamException, ReportParseException {
            while (reader.hasNext()) {
                int event = reader.next();
                guard.eventReturned();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> startElement();
                    case XMLStreamConstants.END_ELEMENT -> endElement();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                    case XMLStreamConstants.DTD ->
                        throw located(Kind.INVALID, "has a DOCTYPE declaration",
                                "DTDs and external entities are not allowed and are never loaded");
                    default -> {
                        // Comments and processing instructions say nothing about test results.
                    }
                }
            }
            return tally.toSummary();
        }

        private void startElement() throws ReportParseException {
            depth++;
            String element = reader.getLocalName();
            if (depth == 1 && !element.equals("testsuites") && !element.equals("testsuite")) {
                throw located(Kind.NOT_JUNIT, "is not JUnit XML",
                        "the root element is <" + element + ">, expected <testsuites> or <testsuite>");
            }
            if (testCase != null) {
                testCase.startChild(element, depth);
            } else if (element.equals("testsuite")) {
                suites.push(new OpenSuite(attribute("name", ""), depth));
            } else if (element.equals("testcase")) {
                testCase = new TestCaseInProgress(depth, suites.isEmpty() ? "" : suites.peek().name());
            }
        }

        private void endElement() {
            if (testCase != null) {
                if (depth == testCase.depth) {
                    ParsedTestCase finished = testCase.finish();
                    testCase = null;
                    sink.accept(finished);
                    tally.add(finished.status());
                } else {
                    testCase.endChild(depth);
                }
            } else if (!suites.isEmpty() && suites.peek().depth() == depth) {
                suites.pop();
            }
            depth--;
        }

        private void text() {
            if (testCase != null) {
                testCase.text(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength(), depth);
            }
        }

        private String attribute(String name, String absent) {
            String value = reader.getAttributeValue(null, name);
            return value == null ? absent : value;
        }

        private ReportParseException located(Kind kind, String problem, String detail) {
            Location location = reader.getLocation();
            return new ReportParseException(kind, problem, detail, positive(location.getLineNumber()),
                    positive(location.getColumnNumber()), null);
        }

        /** A {@code <testcase>} between its start and end tags. Only its direct children decide its status. */
        private final class TestCaseInProgress {

            private final int depth;
            private final String suite;
            private final String file;
            private final String classname;
            private final String name;
            private final Double durationSeconds;
            private final boolean skippedByAttribute;
            private final BoundedProperties properties = new BoundedProperties(limits.maxMessageChars());
            private int rerunCount;
            private ResultElement error;
            private ResultElement failure;
            private ResultElement flaky;
            private ResultElement skipped;

            /** The first result element of its kind, while its text is read; later ones of that kind are ignored. */
            private ResultElement reading;
            private boolean inStackTrace;
            private boolean inProperties;
            private boolean inProperty;
            private String propertyName;
            private String propertyValue;
            private BoundedText propertyText;

            TestCaseInProgress(int depth, String suite) {
                this.depth = depth;
                this.suite = suite;
                this.file = reader.getAttributeValue(null, "file");
                this.classname = attribute("classname", "");
                this.name = attribute("name", "");
                this.durationSeconds = ParsedTestCase.parseSeconds(reader.getAttributeValue(null, "time"));
                this.skippedByAttribute = isSkipping(reader.getAttributeValue(null, "status"))
                        || isSkipping(reader.getAttributeValue(null, "result"));
            }

            void startChild(String element, int childDepth) {
                if (childDepth == depth + 1) {
                    switch (element) {
                        case "error" -> error = startResult(error);
                        case "failure" -> failure = startResult(failure);
                        case "flakyFailure", "flakyError" -> {
                            rerunCount++;
                            flaky = startResult(flaky);
                        }
                        case "rerunFailure", "rerunError" -> rerunCount++;
                        case "skipped" -> skipped = startResult(skipped);
                        case "properties" -> inProperties = true;
                        default -> {
                            // system-out, system-err and vendor extras carry logs, not results.
                        }
                    }
                } else if (childDepth == depth + 2) {
                    if (reading != null && element.equals("stackTrace")) {
                        inStackTrace = true;
                    } else if (inProperties && element.equals("property")) {
                        inProperty = true;
                        propertyName = reader.getAttributeValue(null, "name");
                        propertyValue = reader.getAttributeValue(null, "value");
                        propertyText = propertyValue == null ? new BoundedText(limits.maxMessageChars()) : null;
                    }
                }
            }

            void endChild(int childDepth) {
                if (childDepth == depth + 1) {
                    reading = null;
                    inProperties = false;
                } else if (childDepth == depth + 2) {
                    inStackTrace = false;
                    if (inProperty) {
                        inProperty = false;
                        if (propertyName != null) {
                            properties.put(propertyName, propertyValue != null ? propertyValue : propertyText.value());
                        }
                        propertyText = null;
                    }
                }
            }

            void text(char[] chars, int start, int length, int textDepth) {
                if (reading != null) {
                    if (textDepth == depth + 1) {
                        reading.body.append(chars, start, length);
                    } else if (inStackTrace && textDepth == depth + 2) {
                        reading.stackTrace().append(chars, start, length);
                    }
                } else if (inProperty && propertyText != null && textDepth == depth + 2) {
                    propertyText.append(chars, start, length);
                }
            }

            ParsedTestCase finish() {
                TestStatus status;
                ResultElement decisive;
                if (error != null) {
                    status = TestStatus.ERROR;
                    decisive = error;
                } else if (failure != null) {
                    status = TestStatus.FAILED;
                    decisive = failure;
                } else if (flaky != null) {
                    status = TestStatus.FLAKY;
                    decisive = flaky;
                } else if (skipped != null || skippedByAttribute) {
                    status = TestStatus.SKIPPED;
                    decisive = skipped;
                } else {
                    status = TestStatus.PASSED;
                    decisive = null;
                }
                String failureText = decisive == null ? null : decisive.failureText();
                String message = decisive == null ? null : decisive.message(failureText);
                return new ParsedTestCase(suite, file, classname, name, status, durationSeconds, rerunCount, message,
                        failureText, properties.toMap());
            }

            private ResultElement startResult(ResultElement firstOfKind) {
                if (firstOfKind != null) {
                    reading = null;
                    return firstOfKind;
                }
                reading = new ResultElement(reader.getAttributeValue(null, "message"));
                return reading;
            }
        }

        /** An error, failure, flaky or skipped element: its message attribute, its text and Surefire's stack trace. */
        private final class ResultElement {

            private final String messageAttribute;
            private final BoundedText body = new BoundedText(textLimit());
            private BoundedText stackTrace;

            ResultElement(String messageAttribute) {
                this.messageAttribute = BoundedText.bounded(messageAttribute, limits.maxMessageChars());
            }

            BoundedText stackTrace() {
                if (stackTrace == null) {
                    stackTrace = new BoundedText(textLimit());
                }
                return stackTrace;
            }

            /** Surefire keeps a rerun's trace in a {@code <stackTrace>} child; everyone else in the body. */
            String failureText() {
                String trace = stackTrace == null ? null : stackTrace.value();
                String text = trace != null ? trace : body.value();
                return BoundedText.bounded(text, limits.maxFailureTextChars());
            }

            String message(String failureText) {
                return messageAttribute != null
                        ? messageAttribute
                        : BoundedText.bounded(failureText, limits.maxMessageChars());
            }

            private int textLimit() {
                return Math.max(limits.maxMessageChars(), limits.maxFailureTextChars());
            }
        }
    }
}
