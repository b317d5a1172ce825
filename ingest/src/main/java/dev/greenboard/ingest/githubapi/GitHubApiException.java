package dev.greenboard.ingest.githubapi;

/**
 * A GitHub REST request that did not succeed. The message names the method, the path and GitHub's own message; it
 * never holds the token (the token only ever travels in a request header).
 */
public class GitHubApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the request failed, for callers that treat some failures as expected (a deleted run is a 404). */
    public enum Kind {
        /** 401: the token is missing, wrong or expired. */
        UNAUTHORIZED,
        /** 403 that is not a rate limit: the token lacks a scope or permission. */
        FORBIDDEN,
        /** 404, and 410 (gone). */
        NOT_FOUND,
        /** 422 and other 4xx answers. */
        CLIENT_ERROR,
        /** Rate limited for longer, or more often, than the settings allow waiting. */
        RATE_LIMITED,
        /** 5xx after every retry. */
        SERVER_ERROR,
        /** No answer (connection refused, reset, timed out) after every retry. */
        TRANSPORT,
        /** The answer was not the JSON expected, or a link led away from the configured API. */
        PROTOCOL,
        /** The waiting thread was interrupted (shutdown); its interrupt flag is set again. */
        INTERRUPTED
    }

    private final Kind kind;
    private final int status;
    private final String method;
    private final String path;
    private final String githubMessage;
    private final String documentationUrl;

    public GitHubApiException(Kind kind, int status, String method, String path, String githubMessage,
            String documentationUrl, Throwable cause) {
        super(describe(kind, status, method, path, githubMessage), cause);
        this.kind = kind;
        this.status = status;
        this.method = method;
        this.path = path;
        this.githubMessage = githubMessage;
        this.documentationUrl = documentationUrl;
    }

    private static String describe(Kind kind, int status, String method, String path, String githubMessage) {
        StringBuilder text = new StringBuilder("GitHub API ").append(method).append(' ').append(path);
        if (status > 0) {
            text.append(" answered ").append(status);
        } else {
            text.append(" failed");
        }
        text.append(" (").append(kind.name().toLowerCase()).append(')');
        if (githubMessage != null && !githubMessage.isBlank()) {
            text.append(": ").append(githubMessage);
        }
        return text.toString();
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public String method() {
        return method;
    }

    /** Path and query of the request, relative to the host; never a credential. */
    public String path() {
        return path;
    }

    /** GitHub's {@code message}, or null when the answer had none. */
    public String githubMessage() {
        return githubMessage;
    }

    /** GitHub's {@code documentation_url}, or null. */
    public String documentationUrl() {
        return documentationUrl;
    }

    public boolean isNotFound() {
        return kind == Kind.NOT_FOUND;
    }
}
