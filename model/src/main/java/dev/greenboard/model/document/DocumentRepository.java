package dev.greenboard.model.document;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DocumentRepository implements PanacheRepositoryBase<Document, Document.Key> {

    public Uni<Document> findCurrent(String collection, String id) {
        return find("collection = ?1 and id = ?2", collection, id).firstResult();
    }

    public Uni<List<Document>> newest(String collection, int limit) {
        return find("collection", Sort.descending("eventTime", "id"), collection).range(0, limit - 1).list();
    }
}
