package dev.greenboard.model.test;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/** One uploaded test report (a JUnit XML file, a zip of them, or JSON lines) with its counts. */
@Entity
@Table(name = "test_report")
public class TestReport {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "repo_id", nullable = false)
    public Long repoId;

    @Column(nullable = false)
    public String sha;

    @Column(name = "workflow_run_id")
    public Long workflowRunId;

    @Column(name = "run_attempt", nullable = false)
    public int runAttempt = 1;

    /** The job that produced it; the job may be ingested before or after the report. */
    @Column(name = "job_id")
    public Long jobId;

    @Column(name = "job_name")
    public String jobName;

    @Column(name = "workflow_name")
    public String workflowName;

    public String branch;

    /** The upload's labels ({@code platform=windows}, {@code config=default}, ...) as a JSON object. */
    @ColumnTransformer(read = "labels::text", write = "?::text::jsonb")
    @Column(nullable = false, columnDefinition = "jsonb")
    public String labels = "{}";

    /** junit-xml, junit-zip or json-lines. */
    @Column(nullable = false)
    public String format;

    @Column(name = "idempotency_key", nullable = false, unique = true)
    public String idempotencyKey;

    @Column(name = "body_sha256", nullable = false)
    public String bodySha256;

    public int tests;
    public int passed;
    public int failed;
    public int errors;
    public int skipped;
    public int flaky;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
