package dev.greenboard.api.document;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("Document")
public record Document(String collection, String id, Instant eventTime, Instant receivedAt,
        @Description("The document as JSON text") String body) {
}
