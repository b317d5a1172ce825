package dev.greenboard.ingest.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;

import dev.greenboard.ingest.http.HttpError;
import dev.greenboard.ingest.http.SpooledBody;
import dev.greenboard.ingest.input.JsonInput;
import dev.greenboard.ingest.input.StorableText;

/**
 * Writes schemaless documents: a JSON object, an array of objects, or JSON lines. {@code _id} makes a write an
 * upsert; {@code _event_time} (ISO-8601, else the receive time) places the document in time. All documents of one
 * request are written in one transaction, or none.
 */
@ApplicationScoped
public class DocumentIngestService {

    public record Result(String collection, int inserted, int updated) {
    }

    private static final int BATCH = 1000;
    /** A B-tree entry holds at most about 2.7 KB: 512 characters are at most 1.5 KB of UTF-8. */
    private static final int MAX_ID_CHARS = 512;
    /** The years every reader of a time handles (ISO-8601's four digits; PostgreSQL takes more, Java and JS less). */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public DocumentIngestService(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    private record Doc(String id, Instant eventTime, String body) {
    }

    public Result ingest(String collection, SpooledBody body) throws SQLException {
        Instant receivedAt = Instant.now();
        int inserted = 0;
        int updated = 0;
        try (Connection connection = dataSource.getConnection();
                InputStream in = body.open();
                JsonParser parser = json.getFactory().createParser(in)) {
            connection.setAutoCommit(false);
            try {
                ensureCollection(connection, collection);
                DocumentReader reader = new DocumentReader(parser, receivedAt);
                List<Doc> batch = new ArrayList<>(BATCH);
                Doc doc;
                while ((doc = reader.next()) != null) {
                    batch.add(doc);
                    if (batch.size() == BATCH) {
                        int[] counts = write(connection, collection, batch, receivedAt);
                        inserted += counts[0];
                        updated += counts[1];
                        batch.clear();
                    }
                }
                if (reader.count() == 0) {
                    throw HttpError.badRequest("empty_body", "The body holds no document");
                }
                int[] counts = write(connection, collection, batch, receivedAt);
                connection.commit();
                return new Result(collection, inserted + counts[0], updated + counts[1]);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ensureCollection(Connection connection, String collection) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("insert into document_collection (name) values (?) on conflict do nothing")) {
            statement.setString(1, collection);
            statement.executeUpdate();
        }
    }

    /** Returns {inserted, updated}. */
    private static int[] write(Connection connection, String collection, List<Doc> docs, Instant receivedAt)
            throws SQLException {
        if (docs.isEmpty()) {
            return new int[]{0, 0};
        }
        // The last write of an id in one batch wins; earlier ones count as updates of it.
        Map<String, Doc> latest = new LinkedHashMap<>();
        docs.forEach(doc -> latest.put(doc.id(), doc));
        int overwrittenInBatch = docs.size() - latest.size();
        List<Doc> unique = new ArrayList<>(latest.values());
        Array ids = connection.createArrayOf("text", unique.stream().map(Doc::id).toArray());
        Array times = connection.createArrayOf("timestamptz",
                unique.stream().map(d -> d.eventTime().atOffset(ZoneOffset.UTC)).toArray());
        Array bodies = connection.createArrayOf("text", unique.stream().map(Doc::body).toArray());
        int inserted = 0;
        // The key row is the document's lock and remembers its one current event time.
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into document_key as k (collection, id, event_time)
                select ?, id, t from unnest(?::text[], ?::timestamptz[]) as u(id, t) order by id
                on conflict (collection, id) do update set event_time = excluded.event_time
                returning (xmax = 0) as inserted""")) {
            statement.setString(1, collection);
            statement.setArray(2, ids);
            statement.setArray(3, times);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) {
                        inserted++;
                    }
                }
            }
        }
        // An upsert that moves a document in time leaves no copy in its old partition.
        try (PreparedStatement statement = connection.prepareStatement("""
                delete from document d using unnest(?::text[], ?::timestamptz[]) as u(id, t)
                where d.collection = ? and d.id = u.id and d.event_time <> u.t""")) {
            statement.setArray(1, ids);
            statement.setArray(2, times);
            statement.setString(3, collection);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into document (collection, id, event_time, received_at, body)
                select ?, id, t, ?, b::jsonb from unnest(?::text[], ?::timestamptz[], ?::text[]) as u(id, t, b)
                on conflict (collection, id, event_time) do update set body = excluded.body,
                    received_at = excluded.received_at""")) {
            statement.setString(1, collection);
            statement.setObject(2, receivedAt.atOffset(ZoneOffset.UTC));
            statement.setArray(3, ids);
            statement.setArray(4, times);
            statement.setArray(5, bodies);
            statement.executeUpdate();
        }
        return new int[]{inserted, unique.size() - inserted + overwrittenInBatch};
    }

    /**
     * Streams documents out of a body that is one object, an array of objects, or objects one after another (JSON
     * lines). Errors name the document's position and the line and column.
     */
    private final class DocumentReader {

        private final JsonParser parser;
        private final Instant receivedAt;
        private boolean inArray;
        private boolean started;
        private int count;

        DocumentReader(JsonParser parser, Instant receivedAt) {
            this.parser = parser;
            this.receivedAt = receivedAt;
        }

        int count() {
            return count;
        }

        Doc next() throws IOException {
            try {
                JsonToken token = parser.nextToken();
                if (!started) {
                    started = true;
                    if (token == JsonToken.START_ARRAY) {
                        inArray = true;
                        token = parser.nextToken();
                    }
                }
                if (token == null || (inArray && token == JsonToken.END_ARRAY)) {
                    if (inArray && token == JsonToken.END_ARRAY && parser.nextToken() != null) {
                        throw error("unexpected content after the closing ']'", parser.currentLocation());
                    }
                    if (inArray && token == null) {
                        throw error("the array is not closed", parser.currentLocation());
                    }
                    return null;
                }
                JsonLocation start = parser.currentTokenLocation();
                if (token != JsonToken.START_OBJECT) {
                    throw error("document " + (count + 1) + " is not a JSON object", start);
                }
                ObjectNode node = json.readTree(parser);
                count++;
                return toDoc(node, start);
            } catch (JsonProcessingException e) {
                // Some of Jackson's limits (nesting depth) say no location; the parser knows where it stopped.
                JsonLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw HttpError.badRequest("invalid_json", "The body is not valid JSON"
                        + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                        + ": " + StorableText.excerpt(e.getOriginalMessage(), 300));
            }
        }

        /**
         * The document as stored: every string and field name made storable (NUL removed, U+FFFD for a lone
         * surrogate), its {@code _id} and {@code _event_time} checked.
         */
        private Doc toDoc(ObjectNode node, JsonLocation where) {
            JsonInput.makeStorable(node);
            String infinite = JsonInput.nonFiniteNumberAt(node);
            if (infinite != null) {
                throw error("document " + count + " has a number at " + infinite
                        + " beyond the range of a double (about 1.8e308)", where);
            }
            JsonNode idNode = node.get("_id");
            String id;
            if (idNode == null || idNode.isNull()) {
                id = UUID.randomUUID().toString();
                node.put("_id", id);
            } else if (idNode.isTextual() || idNode.isIntegralNumber()) {
                id = idNode.asText();
                if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
                    throw error("document " + count + " has an _id that is empty or longer than " + MAX_ID_CHARS
                            + " characters", where);
                }
            } else {
                throw error("document " + count + " has an _id that is neither a string nor an integer", where);
            }
            Instant eventTime = receivedAt;
            JsonNode timeNode = node.get("_event_time");
            if (timeNode != null && !timeNode.isNull()) {
                String quoted = StorableText.excerpt(timeNode.asText(), 64);
                try {
                    eventTime = OffsetDateTime.parse(timeNode.asText()).toInstant();
                } catch (DateTimeParseException e) {
                    throw error("document " + count + " has _event_time '" + quoted
                            + "' that is not an ISO-8601 time with offset (e.g. 2026-11-29T10:15:00Z)", where);
                }
                if (eventTime.isBefore(EARLIEST) || eventTime.isAfter(LATEST)) {
                    throw error("document " + count + " has _event_time '" + quoted
                            + "' outside the years 0001 to 9999", where);
                }
            }
            return new Doc(id, eventTime, node.toString());
        }

        private HttpError error(String what, JsonLocation where) {
            return HttpError.badRequest("invalid_document", "The body is not a valid document list: " + what
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        }
    }
}
