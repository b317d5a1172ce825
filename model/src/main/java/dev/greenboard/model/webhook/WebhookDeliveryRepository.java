package dev.greenboard.model.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, WebhookDelivery.Key> {

    public Uni<WebhookDelivery> findByDeliveryId(String deliveryId) {
        return find("deliveryId", deliveryId).firstResult();
    }
}
