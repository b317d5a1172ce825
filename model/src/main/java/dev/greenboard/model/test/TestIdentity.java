package dev.greenboard.model.test;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Who a test is: (repository, file, class, name). Results point here by id so that the fact rows stay narrow. Absent
 * parts are empty strings, never null, so that the unique key holds.
 */
@Entity
@Table(name = "test_identity")
public class TestIdentity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "repo_id", nullable = false)
    public Long repoId;

    @Column(nullable = false)
    public String file = "";

    @Column(nullable = false)
    public String classname = "";

    @Column(nullable = false)
    public String name = "";
}
