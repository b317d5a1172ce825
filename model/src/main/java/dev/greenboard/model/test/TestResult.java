package dev.greenboard.model.test;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/**
 * One executed test case. Rows are written in bulk by ingest (COPY), partitioned by {@link #receivedAt} and removed
 * by dropping whole partitions; this entity is for reading them.
 */
@Entity
@Table(name = "test_result")
@IdClass(TestResult.Key.class)
public class TestResult {

    @Id
    @Column(name = "report_id")
    public Long reportId;

    /** Position of the test case in its report. */
    @Id
    public int ordinal;

    @Id
    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "test_id", nullable = false)
    public Long testId;

    /** A {@link TestStatus} code. */
    @Column(nullable = false)
    public short status;

    @Column(name = "duration_s")
    public Double durationSeconds;

    @Column(name = "rerun_count", nullable = false)
    public short rerunCount;

    public String message;

    @Column(name = "failure_text")
    public String failureText;

    /** Test-case properties and any extra keys of a JSON-lines record, as a JSON object. */
    @ColumnTransformer(read = "extra::text", write = "?::text::jsonb")
    @Column(columnDefinition = "jsonb")
    public String extra;

    public TestStatus testStatus() {
        return TestStatus.fromCode(status);
    }

    public static class Key implements Serializable {

        public Long reportId;
        public int ordinal;
        public Instant receivedAt;

        public Key() {
        }

        public Key(Long reportId, int ordinal, Instant receivedAt) {
            this.reportId = reportId;
            this.ordinal = ordinal;
            this.receivedAt = receivedAt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(reportId, other.reportId) && ordinal == other.ordinal
                    && Objects.equals(receivedAt, other.receivedAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(reportId, ordinal, receivedAt);
        }
    }
}
