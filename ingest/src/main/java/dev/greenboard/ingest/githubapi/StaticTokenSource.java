package dev.greenboard.ingest.githubapi;

import java.util.Optional;

/** A token that never changes (a personal access token). Its text never shows in {@link #toString()}. */
final class StaticTokenSource implements TokenSource {

    private final String token;

    StaticTokenSource(String token) {
        this.token = token == null || token.isBlank() ? null : token.strip();
    }

    @Override
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    @Override
    public String toString() {
        return token == null ? "StaticTokenSource[no token]" : "StaticTokenSource[token=***]";
    }
}
