package dev.greenboard.model.commit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One push delivery: a ref moved from {@link #beforeSha} to {@link #afterSha}. */
@Entity
@Table(name = "push")
public class Push {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "repo_id", nullable = false)
    public Long repoId;

    @Column(name = "delivery_id", nullable = false, unique = true)
    public String deliveryId;

    @Column(nullable = false)
    public String ref;

    @Column(name = "before_sha")
    public String beforeSha;

    @Column(name = "after_sha")
    public String afterSha;

    public boolean created;

    public boolean deleted;

    public boolean forced;

    public String pusher;

    @Column(name = "head_message")
    public String headMessage;

    @Column(name = "pushed_at", nullable = false)
    public Instant pushedAt;
}
