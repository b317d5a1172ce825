package dev.greenboard.model.repo;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RepoRepository implements PanacheRepository<Repo> {

    public Uni<Repo> findByFullName(String fullName) {
        return find("fullName", fullName).firstResult();
    }
}
