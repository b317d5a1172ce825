package dev.greenboard.model.webhook;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/** A GitHub webhook delivery exactly as received: every event is kept raw, normalized or not. */
@Entity
@Table(name = "webhook_delivery")
@IdClass(WebhookDelivery.Key.class)
public class WebhookDelivery {

    @Id
    @Column(name = "delivery_id")
    public String deliveryId;

    @Id
    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(nullable = false)
    public String event;

    public String action;

    @Column(name = "repo_id")
    public Long repoId;

    /** Whether the event was turned into model rows (unknown events are kept raw only). */
    public boolean normalized;

    @Column(name = "normalize_error")
    public String normalizeError;

    @ColumnTransformer(read = "body::text", write = "?::text::jsonb")
    @Column(nullable = false, columnDefinition = "jsonb")
    public String body;

    public static class Key implements Serializable {

        public String deliveryId;
        public Instant receivedAt;

        public Key() {
        }

        public Key(String deliveryId, Instant receivedAt) {
            this.deliveryId = deliveryId;
            this.receivedAt = receivedAt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(deliveryId, other.deliveryId)
                    && Objects.equals(receivedAt, other.receivedAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(deliveryId, receivedAt);
        }
    }
}
