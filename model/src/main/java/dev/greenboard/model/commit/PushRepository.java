package dev.greenboard.model.commit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PushRepository implements PanacheRepository<Push> {

    public Uni<Push> findByDelivery(String deliveryId) {
        return find("deliveryId", deliveryId).firstResult();
    }

    public Uni<List<PushCommit>> commitsOf(long pushId) {
        return getSession().flatMap(session -> session
                .createSelectionQuery("from PushCommit where pushId = :pushId order by ordinal", PushCommit.class)
                .setParameter("pushId", pushId)
                .getResultList());
    }

    /** Pushes to one ref, newest first. */
    public Uni<List<Push>> toRef(long repoId, String ref, int limit) {
        return find("repoId = ?1 and ref = ?2", Sort.descending("pushedAt", "id"), repoId, ref).range(0, limit - 1)
                .list();
    }
}
