package dev.greenboard.ingest.report.parse;

/**
 * Receives each test case as soon as the parser has read it, so a report never has to fit in memory.
 * <p>
 * A parse that ends in an exception may already have handed some test cases to the sink: the caller must treat
 * them as belonging to a rejected report (for example by rolling back the transaction they were written in). An
 * unchecked exception thrown by the sink stops the parse and reaches the caller unchanged.
 */
@FunctionalInterface
public interface TestCaseSink {

    void accept(ParsedTestCase testCase);
}
