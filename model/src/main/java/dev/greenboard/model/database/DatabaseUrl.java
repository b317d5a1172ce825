package dev.greenboard.model.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a PostgreSQL server is, as a user writes it: {@code postgresql://user:password@host:port/db}. It is turned
 * into the JDBC URL (Flyway) and the reactive client URL (everything else) that Quarkus wants. The password is never
 * part of {@link #toString()}.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, String query) {

    public static final String EXPECTED_FORM = "postgresql://user:password@host:port/database";
    /**
     * The named Quarkus datasource of the read-only role (named queries, document reads): its reactive URL, user and
     * password are set as {@code quarkus.datasource.reader.*}; the app declares it at build time with
     * {@code quarkus.datasource.reader.db-kind=postgresql} and {@code quarkus.datasource.reader.jdbc=false}.
     */
    public static final String READER_DATASOURCE = "reader";

    public static DatabaseUrl of(String host, int port, String database, String user, String password) {
        return new DatabaseUrl(host, port, database, user, password, "");
    }

    /**
     * Parses a URL of the form {@value #EXPECTED_FORM} ({@code postgres://} is accepted too, the port defaults to
     * 5432, query parameters such as {@code sslmode=require} are passed on to the JDBC driver).
     *
     * @throws IllegalArgumentException with a message that says what is wrong and what was expected
     */
    public static DatabaseUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("it is empty; expected " + EXPECTED_FORM);
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("it is not a URL (" + e.getReason() + "); expected " + EXPECTED_FORM);
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException(
                    "its scheme is '" + scheme + "', not 'postgresql'; expected " + EXPECTED_FORM);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("it names no host; expected " + EXPECTED_FORM);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (path.isBlank() || path.contains("/")) {
            throw new IllegalArgumentException("it names no database (the path after the port); expected "
                    + EXPECTED_FORM);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("it names no user; expected " + EXPECTED_FORM);
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return new DatabaseUrl(uri.getHost(), port, decode(path), user, password,
                uri.getRawQuery() == null ? "" : uri.getRawQuery());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    /** The Quarkus datasource settings for this server. */
    public Map<String, String> quarkusProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.datasource.jdbc.url", jdbcUrl());
        properties.put("quarkus.datasource.reactive.url", reactiveUrl());
        properties.put("quarkus.datasource.username", user);
        if (password != null) {
            properties.put("quarkus.datasource.password", password);
        }
        return properties;
    }

    /**
     * The default datasource as {@code owner}, and the {@value #READER_DATASOURCE} datasource as {@code reader} (the
     * same server, another role; the same role where there is only one, as with {@code GREENBOARD_DB_URL}).
     */
    public static Map<String, String> quarkusProperties(DatabaseUrl owner, DatabaseUrl reader) {
        Map<String, String> properties = owner.quarkusProperties();
        String prefix = "quarkus.datasource." + READER_DATASOURCE + ".";
        properties.put(prefix + "reactive.url", reader.reactiveUrl());
        properties.put(prefix + "username", reader.user());
        if (reader.password() != null) {
            properties.put(prefix + "password", reader.password());
        }
        return properties;
    }

    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(host, port, otherDatabase, user, password, query);
    }

    /**
     * The whole URL, password included, in the form {@link #parse} reads (for {@code GREENBOARD_DB_URL} of another
     * process). Never log it.
     */
    public String withCredentials() {
        return "postgresql://" + encode(user) + (password == null ? "" : ":" + encode(password)) + "@" + host + ":"
                + port + "/" + encode(database) + (query.isEmpty() ? "" : "?" + query);
    }

    /** A form safe to print: no password. */
    public String redacted() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
