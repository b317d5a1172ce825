package dev.greenboard.model.test;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TestIdentityRepository implements PanacheRepository<TestIdentity> {

    public Uni<TestIdentity> findTest(long repoId, String file, String classname, String name) {
        return find("repoId = ?1 and file = ?2 and classname = ?3 and name = ?4", repoId, file, classname, name)
                .firstResult();
    }
}
