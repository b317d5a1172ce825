package dev.greenboard.ingest.input;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.Webhooks;

/**
 * The safety net under the input checks: when PostgreSQL refuses a value in a way nobody foresaw (SQLSTATE class 22
 * or 54), the client gets a 4xx with PostgreSQL's sentence and nothing is stored, or, for a webhook, the delivery is
 * kept raw with the sentence. The refusals are staged with triggers that raise those states for marked values only.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class UnforeseenDataExceptionTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String mark;

    @BeforeEach
    void stageRefusals() {
        sql = new Sql(dataSource);
        mark = "trap" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("""
                create function refuse_marked_values() returns trigger language plpgsql as $$
                begin
                    if tg_table_name = 'document_collection' and to_jsonb(new) ->> 'name' like 'trap%' then
                        raise exception 'invalid byte sequence staged by the test' using errcode = '22021';
                    elsif tg_table_name = 'test_report' and to_jsonb(new) ->> 'job_name' like 'trap%' then
                        raise exception 'index row size staged by the test' using errcode = '54000';
                    elsif tg_table_name = 'job' and to_jsonb(new) ->> 'name' like 'trap%' then
                        raise exception 'timestamp out of range staged by the test' using errcode = '22008';
                    end if;
                    return new;
                end $$""");
        for (String table : new String[]{"document_collection", "test_report", "job"}) {
            sql.execute("create trigger refuse_marked_" + table + " before insert on " + table
                    + " for each row execute function refuse_marked_values()");
        }
    }

    @AfterEach
    void removeRefusals() {
        for (String table : new String[]{"document_collection", "test_report", "job"}) {
            sql.execute("drop trigger refuse_marked_" + table + " on " + table);
        }
        sql.execute("drop function refuse_marked_values()");
    }

    @Test
    void aDocumentValueRefusedByPostgresqlIsA400AndStoresNothing() {
        given().auth().oauth2("test-token-1").contentType("application/json").body("{\"a\": 1}")
                .post("/api/v1/collections/" + mark + "/documents").then().statusCode(400)
                .body("error", equalTo("unstorable_value"))
                .body("detail", allOf(containsString("22021"), containsString("nothing was stored")));
        assertEquals(0, sql.count("select count(*) from document where collection = ?", mark));
    }

    @Test
    void aReportValueOverAPostgresqlLimitIsA413AndStoresNothing() {
        String repo = "unforeseen/" + mark;
        given().auth().oauth2("test-token-1").queryParam("repo", repo).queryParam("sha", HistoryBuilder.sha(mark))
                .queryParam("job_name", mark).contentType("application/x-ndjson")
                .body("{\"name\": \"t\", \"status\": \"passed\"}".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/test-reports").then().statusCode(413).body("error", equalTo("value_too_large"))
                .body("detail", containsString("54000"));
        assertEquals(0, sql.count("select count(*) from repository where full_name = ?", repo),
                "the repository the report would have created is not there either");
    }

    @Test
    void aWebhookValueRefusedByPostgresqlIsKeptRawWithTheSentence() {
        String delivery = UUID.randomUUID().toString();
        long jobId = HistoryBuilder.nextId();
        String body = """
                {"action": "queued",
                 "workflow_job": {"id": %d, "name": "%s", "head_sha": "%s", "status": "queued", "labels": []},
                 "repository": {"id": 77002, "full_name": "octo/unforeseen"}}
                """.formatted(jobId, mark, "c".repeat(40));
        Webhooks.deliver("workflow_job", delivery, body.getBytes(StandardCharsets.UTF_8)).statusCode(202)
                .body("normalized", is(false)).body("detail", containsString("22008"));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where delivery_id = ? and not normalized"
                + " and normalize_error like '%22008%'", delivery));
        assertEquals(0, sql.count("select count(*) from job where id = ?", jobId));
    }
}
