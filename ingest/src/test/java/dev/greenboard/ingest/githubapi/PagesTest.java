package dev.greenboard.ingest.githubapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagesTest {

    private static final URI BASE = URI.create("https://api.github.com/repos/o/r/commits?per_page=100");

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "<https://api.github.com/x?page=2>; rel=\"next\", <https://api.github.com/x?page=9>; rel=\"last\"|https://api.github.com/x?page=2",
            "<https://api.github.com/x?page=1>; rel=\"prev\", <https://api.github.com/x?page=3>; rel=\"next\"|https://api.github.com/x?page=3",
            "<https://api.github.com/x?page=1>; rel=\"first\", <https://api.github.com/x?page=1>; rel=\"prev\"|NONE",
            "<https://h/api/v3/hooks/1/deliveries?per_page=3&cursor=v1_8997>;rel=\"next\"|https://h/api/v3/hooks/1/deliveries?per_page=3&cursor=v1_8997",
            "</repos/o/r/commits?page=2>; rel=\"next\"|https://api.github.com/repos/o/r/commits?page=2",
            "<https://api.github.com/x?page=4>; rel=\"next last\"|https://api.github.com/x?page=4",
            "garbage without links|NONE",
            "''|NONE"})
    void readsTheNextLink(String header, String expected) {
        assertEquals(expected == null ? null : URI.create(expected), Pages.nextLink(header, BASE));
    }
}
