package dev.greenboard.ingest.report.parse;

import java.io.IOException;

/**
 * Carries a {@link ReportParseException} out of an {@link java.io.InputStream} that enforces a limit. It has to be
 * an IOException to travel through the XML parser, and must not be an EOFException, which the JDK's parser takes
 * for a normal end of input.
 */
final class ReportLimitExceededException extends IOException {

    private static final long serialVersionUID = 1L;

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
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ReportLimitExceededException limit) {
                return limit.problem();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
