package dev.greenboard.model.document;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/** A schemaless JSON document of a collection, partitioned by its event time. */
@Entity
@Table(name = "document")
@IdClass(Document.Key.class)
public class Document {

    @Id
    public String collection;

    @Id
    public String id;

    @Id
    @Column(name = "event_time")
    public Instant eventTime;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @ColumnTransformer(read = "body::text", write = "?::text::jsonb")
    @Column(nullable = false, columnDefinition = "jsonb")
    public String body;

    public static class Key implements Serializable {

        public String collection;
        public String id;
        public Instant eventTime;

        public Key() {
        }

        public Key(String collection, String id, Instant eventTime) {
            this.collection = collection;
            this.id = id;
            this.eventTime = eventTime;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(collection, other.collection)
                    && Objects.equals(id, other.id) && Objects.equals(eventTime, other.eventTime);
        }

        @Override
        public int hashCode() {
            return Objects.hash(collection, id, eventTime);
        }
    }
}
