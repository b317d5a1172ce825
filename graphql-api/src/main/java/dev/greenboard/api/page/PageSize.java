package dev.greenboard.api.page;

import dev.greenboard.api.graphql.ApiException;

/** Page sizes: a default when {@code first} is not given, and a maximum no anonymous query can exceed. */
public final class PageSize {

    public static final int DEFAULT = 50;
    public static final int MAX = 500;

    private PageSize() {
    }

    public static int of(Integer first) {
        return of(first, DEFAULT, MAX);
    }

    public static int of(Integer first, int defaultSize, int max) {
        if (first == null) {
            return defaultSize;
        }
        if (first < 1 || first > max) {
            throw ApiException.badInput("first must be between 1 and " + max + ", got " + first
                    + "; page through larger lists with 'after'");
        }
        return first;
    }
}
