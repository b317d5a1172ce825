package dev.greenboard.model.joblog;

/** A job log that could not be opened: gone for good, refused, rate limited, or failed for a reason that may pass. */
public class JobLogException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the log could not be read, which decides whether and when it is asked for again. */
    public enum Reason {
        /** The log will never be readable (GitHub answers 404 or 410: it expired or was deleted). */
        GONE,
        /** The source's rate limit is used up: asking for more logs now only gets refused. */
        RATE_LIMITED,
        /** The source refuses the credentials or their permission (401, 403): every other log would be refused too. */
        REFUSED,
        /** Anything else that may pass (5xx, no answer): this log is asked for again later. */
        FAILED
    }

    private final Reason reason;

    public JobLogException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean gone() {
        return reason == Reason.GONE;
    }
}
