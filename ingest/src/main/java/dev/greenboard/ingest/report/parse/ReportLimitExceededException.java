package dev.greenboard.ingest.report.parse;

import java.io.IOException;

/**
 * Carries a {@link ReportParseException} out of an {@link java.io.InputStream} that enforces a limit. It has to be
 * an IOException to travel through the XML parser, and must not be an EOFException, which the JDK's parser takes
 * for a normal end of input.
 */
final class ReportLimitExceededException extends IOException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_CAUSE_LINKS = 16;

    private final ReportParseException problem;

    ReportLimitExceededException(ReportParseException problem) {
        super(problem.getMessage());
        this.problem = problem;
    }

    ReportParseException problem() {
        return problem;
    }

    /** The limit problem somewhere in a cause chain, or null. */
    static ReportParseException findIn(Throwable thrown) {
        // A handful of links is all the XML parser adds; the cap only guards against a cyclic chain.
        Throwable cause = thrown;
        for (int link = 0; cause != null && link < MAX_CAUSE_LINKS; link++, cause = cause.getCause()) {
            if (cause instanceof ReportLimitExceededException limit) {
                return limit.problem();
            }
        }
        return null;
    }
}
