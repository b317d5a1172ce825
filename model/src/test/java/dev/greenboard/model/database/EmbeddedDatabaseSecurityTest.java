package dev.greenboard.model.database;

import static dev.greenboard.model.database.TestDatabases.connect;
import static dev.greenboard.model.database.TestDatabases.execute;
import static dev.greenboard.model.database.TestDatabases.queryOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.greenboard.model.database.TestDatabases.CommandResult;

/**
 * The embedded server is private and durable: passwords in owner-only files, no socket, SCRAM for every role, an
 * owner that is not a superuser, a reader that only reads, fsync on. One server for the class, migrated by Flyway as
 * the owner (which proves the migrations need no superuser).
 */
class EmbeddedDatabaseSecurityTest {

    @TempDir
    static Path dataDir;
    static EmbeddedDatabase database;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start(dataDir);
        TestDatabases.migrate(database.url());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void passwordFilesAndTheDataDirectoryAreTheOwnersOnly() throws Exception {
        Path credentials = dataDir.resolve(DatabaseCredentials.DIRECTORY);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        for (String role : List.of(EmbeddedDatabase.SUPERUSER, EmbeddedDatabase.OWNER_ROLE,
                EmbeddedDatabase.READER_ROLE)) {
            Path file = credentials.resolve(role + ".password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), role);
            assertTrue(Files.readString(file).length() >= 40, "a generated password of 32 random bytes");
        }
        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("pgdata"))));
        assertNotEquals(database.url().password(), database.readerUrl().password());
        assertNotEquals(database.url().password(), database.superuserUrl().password());
    }

    @Test
    void thereIsNoUnixSocketAndOnlyLoopbackIsListenedOn() throws Exception {
        assertEquals("", queryOne(database.superuserUrl(), "show unix_socket_directories"));
        assertEquals("localhost", queryOne(database.url(), "show listen_addresses"));
        String socket = ".s.PGSQL." + database.url().port();
        for (Path dir : List.of(Path.of("/tmp"), Path.of("/var/run/postgresql"), dataDir.resolve("pgdata"))) {
            assertFalse(Files.exists(dir.resolve(socket)), "a socket in " + dir);
        }
    }

    @Test
    void everyRuleOfPgHbaAsksForAScramPassword() throws Exception {
        assertEquals("0", queryOne(database.superuserUrl(),
                "select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256' or error is not null"));
        assertEquals("4", queryOne(database.superuserUrl(), "select count(*) from pg_hba_file_rules"));
        assertEquals("0", queryOne(database.superuserUrl(),
                "select count(*) from pg_hba_file_rules where type <> 'host'"));
        List<String> rules = Files.readAllLines(dataDir.resolve("pgdata/pg_hba.conf")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertEquals(4, rules.size(), rules.toString());
        assertTrue(rules.stream().allMatch(rule -> rule.endsWith("scram-sha-256")), rules.toString());
    }

    @Test
    void noRoleConnectsWithoutItsPassword() {
        for (DatabaseUrl url : List.of(database.url(), database.readerUrl(), database.superuserUrl())) {
            SQLException none = assertThrows(SQLException.class, () -> connect(url, null).close(), url.user());
            assertTrue(none.getMessage().contains("no password was provided"), none.getMessage());
            SQLException wrong = assertThrows(SQLException.class, () -> connect(url, "wrong-" + url.password())
                    .close(), url.user());
            assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
            assertThrows(SQLException.class, () -> connect(url, "").close(), url.user());
        }
    }

    @Test
    void theOwnerIsNotASuperuserAndCannotRunPrograms() throws Exception {
        assertEquals("f",
                queryOne(database.superuserUrl(), "select rolsuper from pg_roles where rolname = 'greenboard'"));
        assertEquals("off", queryOne(database.url(), "show is_superuser"));
        assertEquals("f", queryOne(database.url(), "select pg_has_role('pg_execute_server_program', 'member')"));
        assertEquals("f", queryOne(database.url(), "select pg_has_role('pg_read_server_files', 'member')"));
        SQLException refused = assertThrows(SQLException.class,
                () -> execute(database.url(), "COPY (select 1) TO PROGRAM 'true'"));
        assertEquals("42501", refused.getSQLState(), refused.getMessage());
        SQLException noRoles = assertThrows(SQLException.class,
                () -> execute(database.url(), "CREATE ROLE intruder SUPERUSER"));
        assertEquals("42501", noRoles.getSQLState(), noRoles.getMessage());
    }

    @Test
    void theOwnerOwnsTheDatabaseAndEverythingFlywayCreated() throws Exception {
        assertEquals("greenboard", queryOne(database.url(),
                "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"));
        assertEquals("greenboard", queryOne(database.url(),
                "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'public'"));
        assertNotEquals("0", queryOne(database.url(), """
                select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind = 'p'"""), "the migrations made partitioned tables");
        assertEquals("0", queryOne(database.url(), """
                select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and pg_get_userbyid(c.relowner) <> 'greenboard'"""));
    }

    @Test
    void theReaderReadsEveryTableButWritesNothing() throws Exception {
        execute(database.url(), "insert into repository (full_name, owner, name) values ('r/one', 'r', 'one')"
                + " on conflict do nothing");
        assertEquals("1", queryOne(database.readerUrl(), "select count(*) from repository where full_name = 'r/one'"));
        assertEquals("on", queryOne(database.readerUrl(), "show default_transaction_read_only"));
        try (Connection reader = connect(database.readerUrl()); Statement statement = reader.createStatement()) {
            SQLException readOnly = assertThrows(SQLException.class, () -> statement.execute(
                    "insert into repository (full_name, owner, name) values ('r/two', 'r', 'two')"));
            assertEquals("25006", readOnly.getSQLState(), readOnly.getMessage());
            // Read-only sessions are a default the reader may turn off: the privileges are what refuse writes.
            statement.execute("set default_transaction_read_only = off");
            for (String write : List.of(
                    "insert into repository (full_name, owner, name) values ('r/two', 'r', 'two')",
                    "update repository set name = 'x'",
                    "delete from repository",
                    "truncate repository",
                    "create table intruder (id int)",
                    "create temporary table intruder (id int)",
                    "alter table repository add column intruder int",
                    "COPY (select 1) TO PROGRAM 'true'")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(write), write);
                assertEquals("42501", refused.getSQLState(), write + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void theReaderReadsTablesTheOwnerCreatesLater() throws Exception {
        execute(database.url(), "create table later_table (id int)", "insert into later_table values (7)");
        assertEquals("7", queryOne(database.readerUrl(), "select id from later_table"));
    }

    @Test
    void commitsAreDurable() throws Exception {
        assertEquals("on", queryOne(database.url(), "show fsync"));
        assertEquals("on", queryOne(database.url(), "show full_page_writes"));
        assertEquals("on", queryOne(database.url(), "show synchronous_commit"));
    }

    @Test
    void passwordsAreNeverPartOfWhatIsPrinted() {
        for (DatabaseUrl url : List.of(database.url(), database.readerUrl(), database.superuserUrl())) {
            assertFalse(url.toString().contains(url.password()), url.user());
            assertFalse(url.redacted().contains(url.password()), url.user());
            assertEquals(url, DatabaseUrl.parse(url.withCredentials()), "the full URL reads back the same");
        }
        var properties = database.quarkusProperties();
        assertEquals(database.url().password(), properties.get("quarkus.datasource.password"));
        assertEquals(EmbeddedDatabase.OWNER_ROLE, properties.get("quarkus.datasource.username"));
        assertEquals(database.readerUrl().reactiveUrl(), properties.get("quarkus.datasource.reader.reactive.url"));
        assertEquals(EmbeddedDatabase.READER_ROLE, properties.get("quarkus.datasource.reader.username"));
        assertEquals(database.readerUrl().password(), properties.get("quarkus.datasource.reader.password"));
    }

    /** Another local account, with psql and without the password files, gets nowhere: not by TCP, not by socket. */
    @Test
    void aLocalAccountThatIsNotTheOwnerCannotConnect() throws Exception {
        assumeTrue(TestDatabases.isRoot(), "needs root to switch to another account");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/psql")), "needs /usr/bin/psql");
        assumeTrue(TestDatabases.run(List.of("su", "nobody", "-s", "/bin/sh", "-c", "true")).exitCode() == 0,
                "needs su to the account nobody");
        int port = database.url().port();
        for (String role : List.of(EmbeddedDatabase.OWNER_ROLE, EmbeddedDatabase.SUPERUSER)) {
            CommandResult tcp = asNobody("psql -w -h localhost -p " + port + " -U " + role
                    + " -d greenboard -c 'select 1'");
            assertNotEquals(0, tcp.exitCode(), tcp.output());
            assertTrue(tcp.output().contains("no password supplied"), tcp.output());
            CommandResult socket = asNobody("psql -w -p " + port + " -U " + role + " -d greenboard -c 'select 1'");
            assertNotEquals(0, socket.exitCode(), socket.output());
        }
        Path passwordFile = dataDir.resolve(DatabaseCredentials.DIRECTORY).resolve("greenboard.password");
        CommandResult read = asNobody("cat " + passwordFile);
        assertNotEquals(0, read.exitCode(), "nobody read the password file");
        assertTrue(read.output().contains("Permission denied"), read.output());
    }

    private static CommandResult asNobody(String command) throws Exception {
        return TestDatabases.run(List.of("su", "nobody", "-s", "/bin/sh", "-c", command));
    }
}
