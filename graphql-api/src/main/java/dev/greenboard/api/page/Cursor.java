package dev.greenboard.api.page;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.greenboard.api.graphql.ApiException;

/**
 * Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded. Clients must not build them;
 * a cursor that does not decode is a clear error, not a 500.
 */
public final class Cursor {

    private static final char SEPARATOR = '\u001f';

    private Cursor() {
    }

    public static String encode(Object... parts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                text.append(SEPARATOR);
            }
            text.append(parts[i]);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of {@code cursor}; null when there is none. */
    public static List<String> decode(String cursor, int expectedParts) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = new ArrayList<>(List.of(text.split(String.valueOf(SEPARATOR), -1)));
            if (parts.size() != expectedParts) {
                throw new IllegalArgumentException();
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw ApiException.badInput("The cursor '" + cursor
                    + "' is not one this list gave out; pass pageInfo.endCursor of the previous page");
        }
    }
}
