package dev.greenboard.api.graphql;

import io.smallrye.graphql.api.ErrorCode;

/**
 * A query the API cannot answer as asked. The message tells the caller what to change; the subclass puts its code in
 * {@code extensions.code}. Their messages are shown to callers (application.properties lists them), unlike those of
 * unexpected runtime exceptions.
 */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message);
    }

    public static ApiException badInput(String message) {
        return new BadInput(message);
    }

    public static ApiException notFound(String message) {
        return new NotFound(message);
    }

    @ErrorCode("BAD_USER_INPUT")
    public static class BadInput extends ApiException {

        public BadInput(String message) {
            super(message);
        }
    }

    @ErrorCode("NOT_FOUND")
    public static class NotFound extends ApiException {

        public NotFound(String message) {
            super(message);
        }
    }

    /** The server is too busy for this now (no input to change): try again shortly. REST answers it with 503. */
    @ErrorCode("BUSY")
    public static class Busy extends ApiException {

        public Busy(String message) {
            super(message);
        }
    }

    @ErrorCode("UNAUTHENTICATED")
    public static class Unauthenticated extends ApiException {

        public Unauthenticated(String message) {
            super(message);
        }
    }

    /** The edit was based on data that changed since it was read: read again, then edit. */
    @ErrorCode("CONFLICT")
    public static class Conflict extends ApiException {

        public Conflict(String message) {
            super(message);
        }
    }
}
