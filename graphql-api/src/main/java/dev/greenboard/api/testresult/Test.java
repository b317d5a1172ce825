package dev.greenboard.api.testresult;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

@Type("Test")
@Description("Who a test is: file, class and name within a repository.")
public record Test(long id, String file, String classname, String name) {

    static Test from(Row row) {
        return new Test(row.getLong("id"), row.getString("file"), row.getString("classname"),
                row.getString("name"));
    }
}
