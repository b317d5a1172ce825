package dev.greenboard.model.commit;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The commits of a push, in the order the push lists them (oldest first). */
@Entity
@Table(name = "push_commit")
@IdClass(PushCommit.Key.class)
public class PushCommit {

    @Id
    @Column(name = "push_id")
    public Long pushId;

    @Id
    public int ordinal;

    @Column(nullable = false)
    public String sha;

    public static class Key implements Serializable {

        public Long pushId;
        public int ordinal;

        public Key() {
        }

        public Key(Long pushId, int ordinal) {
            this.pushId = pushId;
            this.ordinal = ordinal;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(pushId, other.pushId) && ordinal == other.ordinal;
        }

        @Override
        public int hashCode() {
            return Objects.hash(pushId, ordinal);
        }
    }
}
