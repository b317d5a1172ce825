package dev.greenboard.model.database;

import static dev.greenboard.model.database.TestDatabases.connect;
import static dev.greenboard.model.database.TestDatabases.execute;
import static dev.greenboard.model.database.TestDatabases.queryOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A data directory made by Greenboard before the embedded server was made private (zonky's builder: trust for
 * everyone, fsync off, every object owned by the superuser) is closed and handed over to the owner role at the next
 * start, with its data.
 */
class LegacyDataDirUpgradeTest {

    @TempDir
    Path dataDir;

    @Test
    void anOlderDataDirectoryIsClosedAndHandedOverWithItsData() throws Exception {
        createTheOldWay(dataDir);

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir)) {
            assertEquals("2", queryOne(database.url(), "select count(*) from repository"), "the data survived");
            assertEquals("2", queryOne(database.readerUrl(), "select count(*) from repository"));
            assertEquals("1", queryOne(database.url(), "select count(*) from legacy_notes"));
            assertEquals("greenboard", queryOne(database.url(),
                    "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"));
            assertEquals("greenboard", queryOne(database.url(),
                    "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'public'"));
            assertEquals("0", queryOne(database.url(), """
                    select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and pg_get_userbyid(c.relowner) <> 'greenboard'"""),
                    "tables, partitions, sequences, indexes and views belong to the owner");
            assertEquals("0", queryOne(database.url(), """
                    select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                    where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> 'greenboard'"""));
            assertEquals("on", queryOne(database.url(), "show fsync"));

            // The owner runs Flyway on it (history validated, nothing pending) and writes as before.
            TestDatabases.migrate(database.url());
            execute(database.url(), "insert into repository (full_name, owner, name) values ('c/three', 'c', 'three')",
                    "insert into legacy_notes (note) values ('after')", "select legacy_touch()");

            assertFalse(Files.readString(dataDir.resolve("pgdata/pg_hba.conf")).contains("trust"));
            SQLException noPassword = assertThrows(SQLException.class,
                    () -> connect(database.superuserUrl(), null).close());
            assertTrue(noPassword.getMessage().contains("no password was provided"), noPassword.getMessage());
        }

        // The next start finds everything in place: the superuser's password from the file is accepted.
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir)) {
            assertEquals("3", queryOne(database.readerUrl(), "select count(*) from repository"));
        }
    }

    /** The start path of Greenboard before this change, then Flyway and some data as the superuser. */
    private static void createTheOldWay(Path dataDir) throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("pgdata"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(Path.of(System.getProperty("java.io.tmpdir"), "greenboard-embedded-pg")
                        .toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false)
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .start()) {
            String admin = "jdbc:postgresql://localhost:" + old.getPort() + "/postgres";
            try (Connection connection = DriverManager.getConnection(admin, "postgres", null);
                    Statement statement = connection.createStatement()) {
                statement.execute("create database greenboard");
            }
            DatabaseUrl superuser = new DatabaseUrl("localhost", old.getPort(), "greenboard", "postgres", null, "");
            TestDatabases.migrate(superuser);
            try (Connection connection = DriverManager.getConnection(superuser.jdbcUrl(), "postgres", null);
                    Statement statement = connection.createStatement()) {
                assertEquals("off", show(statement, "fsync"), "the old server ran without fsync");
                statement.execute("insert into repository (full_name, owner, name) values ('a/one', 'a', 'one'),"
                        + " ('b/two', 'b', 'two')");
                statement.execute("create table legacy_notes (id serial primary key, note text)");
                statement.execute("insert into legacy_notes (note) values ('before')");
                statement.execute("create view legacy_view as select * from legacy_notes");
                statement.execute("create sequence legacy_counter");
                statement.execute("create function legacy_touch() returns bigint language sql"
                        + " as 'select nextval(''legacy_counter'')'");
            }
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (var rs = statement.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
