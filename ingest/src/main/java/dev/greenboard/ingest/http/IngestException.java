package dev.greenboard.ingest.http;

/**
 * A request that ingest refuses: the HTTP status, a short error code and a detail sentence that says what was wrong
 * and where. Nothing of a refused request is stored.
 */
public class IngestException extends RuntimeException {

    private final int status;
    private final String error;

    public IngestException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public IngestException(int status, String error, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public static IngestException badRequest(String error, String detail) {
        return new IngestException(400, error, detail);
    }

    public static IngestException tooLarge(long limit) {
        return new IngestException(413, "payload_too_large", "The body is larger than the limit of " + limit
                + " bytes (counted after gzip decompression); split it, or raise the limit"
                + " (GREENBOARD_INGEST_MAX_BODY_BYTES, GREENBOARD_INGEST_MAX_WEBHOOK_BYTES)");
    }
}
