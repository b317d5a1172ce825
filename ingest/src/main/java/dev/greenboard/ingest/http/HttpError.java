package dev.greenboard.ingest.http;

/**
 * A request that Greenboard's REST endpoints refuse: the HTTP status, a short error code and a detail sentence that
 * says what was wrong and where. Nothing of a refused request is stored. Ingest is the first module that speaks HTTP,
 * so the REST error shape lives here and the gateway's read endpoints use it too.
 */
public class HttpError extends RuntimeException {

    private final int status;
    private final String error;

    public HttpError(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public HttpError(int status, String error, String detail, Throwable cause) {
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

    public static HttpError badRequest(String error, String detail) {
        return new HttpError(400, error, detail);
    }

    public static HttpError tooLarge(long limit) {
        return new HttpError(413, "payload_too_large", "The body is larger than the limit of " + limit
                + " bytes (counted after gzip decompression); split it, or raise the limit"
                + " (GREENBOARD_INGEST_MAX_BODY_BYTES, GREENBOARD_INGEST_MAX_WEBHOOK_BYTES)");
    }
}
