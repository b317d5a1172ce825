package dev.greenboard.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import dev.greenboard.ingest.input.InputMutation;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Corpus;
import dev.greenboard.testkit.Webhooks;

/**
 * Every corpus webhook under every mutation of {@link InputMutation.Kind}, seeded so that a failure repeats: no answer
 * is a 5xx; a refused delivery stored nothing; an accepted one is kept raw, with a sentence when it was not
 * normalized (GithubWebhookTest's contract).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class WebhookFuzzTest {

    private static final long SEED = 20261129L;

    /** The rows a delivery can write, counted before and after a refused one. */
    private static final String TOUCHED = """
            select (select count(*) from webhook_delivery_key) + (select count(*) from webhook_delivery)
                 + (select count(*) from repository) + (select count(*) from job)
                 + (select count(*) from workflow_run) + (select count(*) from check_run)
                 + (select count(*) from check_suite) + (select count(*) from push)
                 + (select count(*) from pull_request) + (select count(*) from commit_status)
                 + (select count(*) from issue) + (select count(*) from issue_comment)
                 + (select count(*) from commit) + (select count(*) from branch_commit) as n""";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void noMutationOfACorpusWebhookGetsA5xxAndRefusedOnesStoreNothing() {
        Sql sql = new Sql(dataSource);
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int requests = 0;
        int refused = 0;
        for (String file : Corpus.files("github-webhooks")) {
            String event = file.split("/")[1];
            byte[] original = Corpus.bytes(file);
            for (InputMutation.Kind kind : InputMutation.Kind.values()) {
                InputMutation.Mutated mutated = InputMutation.json(original, kind, random);
                String delivery = UUID.randomUUID().toString();
                long before = sql.count(TOUCHED);
                ExtractableResponse<Response> answer = Webhooks.deliver(event, delivery, mutated.body()).extract();
                requests++;
                String what = file + " with " + mutated.description() + " -> " + answer.statusCode() + " "
                        + InputMutation.excerpt(answer.asString());
                if (answer.statusCode() >= 500) {
                    failures.add(what);
                } else if (answer.statusCode() >= 400) {
                    refused++;
                    if (sql.count(TOUCHED) != before) {
                        failures.add("refused but stored rows: " + what);
                    }
                } else {
                    Map<String, Object> stored = sql.row("select normalized, normalize_error,"
                            + " body is not null or raw_body is not null as kept from webhook_delivery"
                            + " where delivery_id = ?", delivery);
                    if (!Boolean.TRUE.equals(stored.get("kept"))) {
                        failures.add("accepted but not kept raw: " + what);
                    }
                    if (WebhookNormalizer.NORMALIZED_EVENTS.contains(event)
                            && Boolean.FALSE.equals(stored.get("normalized"))
                            && stored.get("normalize_error") == null) {
                        failures.add("kept raw without saying why: " + what);
                    }
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + requests + " mutated deliveries failed");
        assertTrue(refused > 0 && refused < requests, "the mutations refuse some deliveries and keep others: "
                + refused + " of " + requests + " refused");
    }
}
