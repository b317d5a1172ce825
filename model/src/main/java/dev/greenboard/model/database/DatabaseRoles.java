package dev.greenboard.model.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * The roles of the embedded server and what each may do, set by the superuser at every start (each step is
 * idempotent, and cheap when nothing changed):
 * <ul>
 * <li>{@value EmbeddedDatabase#OWNER_ROLE}: Greenboard itself. It owns the database, the schema and every object in
 * it, so Flyway and partition maintenance work, but it is not a superuser: it cannot read server files or run
 * programs ({@code COPY ... TO PROGRAM}).
 * <li>{@value EmbeddedDatabase#READER_ROLE}: named queries and document reads. {@code SELECT} on every table of the
 * schema, including those the owner creates later (default privileges), nothing else; its sessions start read-only.
 * </ul>
 * A database made by an older Greenboard, where the superuser owned everything, is handed over to the owner here.
 * The migrations need no extension or other superuser-only object; one that did would be created here, before Flyway.
 */
final class DatabaseRoles {

    private static final String OWNER = EmbeddedDatabase.OWNER_ROLE;
    private static final String READER = EmbeddedDatabase.READER_ROLE;
    private static final Logger LOG = Logger.getLogger(DatabaseRoles.class);

    private DatabaseRoles() {
    }

    /** Cluster-wide part, on a superuser connection to any database: the roles and the application database. */
    static void applyToCluster(Connection superuser, DatabaseCredentials credentials) throws SQLException {
        try (Statement statement = superuser.createStatement()) {
            ensureLoginRole(superuser, statement, OWNER, credentials.owner());
            ensureLoginRole(superuser, statement, READER, credentials.reader());
            statement.execute("ALTER ROLE " + READER + " SET default_transaction_read_only = on");
            boolean exists;
            try (PreparedStatement query = superuser.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, EmbeddedDatabase.DATABASE_NAME);
                try (ResultSet rs = query.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                statement.execute("CREATE DATABASE " + EmbeddedDatabase.DATABASE_NAME + " OWNER " + OWNER);
            } else {
                statement.execute("ALTER DATABASE " + EmbeddedDatabase.DATABASE_NAME + " OWNER TO " + OWNER);
            }
            statement.execute("REVOKE ALL ON DATABASE " + EmbeddedDatabase.DATABASE_NAME + " FROM PUBLIC");
            statement.execute("GRANT CONNECT ON DATABASE " + EmbeddedDatabase.DATABASE_NAME + " TO " + READER);
        }
    }

    /** Database part, on a superuser connection to the application database. */
    static void applyToDatabase(Connection superuser) throws SQLException {
        try (Statement statement = superuser.createStatement()) {
            statement.execute("ALTER SCHEMA public OWNER TO " + OWNER);
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            int handedOver = handOver(statement);
            if (handedOver > 0) {
                LOG.infof("Handed [%d] objects of schema [public] over to role [%s]", handedOver, OWNER);
            }
            statement.execute("GRANT USAGE ON SCHEMA public TO " + READER);
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + OWNER + " IN SCHEMA public GRANT SELECT ON TABLES"
                    + " TO " + READER);
        }
    }

    private static void ensureLoginRole(Connection connection, Statement statement, String role, String password)
            throws SQLException {
        boolean exists;
        try (PreparedStatement query = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rs = query.executeQuery()) {
                exists = rs.next();
            }
        }
        if (!exists) {
            statement.execute("CREATE ROLE " + role);
            LOG.infof("Created database role [%s]", role);
        }
        // Set every time: whatever someone changed by hand, these roles log in, and nothing more.
        statement.execute("ALTER ROLE " + role
                + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT");
        // The driver hashes the password (SCRAM) before sending it: the plain text never reaches the server or its
        // log, even if the statement fails.
        connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    /**
     * Gives the owner every relation, routine and type of schema {@code public} it does not own yet: tables first (a
     * table takes its indexes and its identity/serial sequences along), then what is left. Partitions are tables of
     * their own here, so each is handed over.
     */
    private static int handOver(Statement statement) throws SQLException {
        List<String> commands = new ArrayList<>();
        collect(statement, commands, """
                select case c.relkind when 'v' then 'VIEW' when 'm' then 'MATERIALIZED VIEW' when 'c' then 'TYPE'
                       when 'f' then 'FOREIGN TABLE' else 'TABLE' end, c.oid::regclass::text
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'c', 'f')
                  and c.relowner <> '%s'::regrole
                """.formatted(OWNER));
        run(statement, commands);
        int count = commands.size();
        commands.clear();
        collect(statement, commands, """
                select 'SEQUENCE', c.oid::regclass::text
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind = 'S' and c.relowner <> '%1$s'::regrole
                union all
                select 'ROUTINE', p.oid::regprocedure::text
                from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname = 'public' and p.proowner <> '%1$s'::regrole
                union all
                select 'TYPE', t.oid::regtype::text
                from pg_type t join pg_namespace n on n.oid = t.typnamespace
                where n.nspname = 'public' and t.typtype in ('d', 'e', 'r') and t.typowner <> '%1$s'::regrole
                """.formatted(OWNER));
        run(statement, commands);
        return count + commands.size();
    }

    private static void collect(Statement statement, List<String> commands, String query) throws SQLException {
        try (ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                commands.add("ALTER " + rs.getString(1) + " " + rs.getString(2) + " OWNER TO " + OWNER);
            }
        }
    }

    private static void run(Statement statement, List<String> commands) throws SQLException {
        for (String command : commands) {
            statement.execute(command);
        }
    }
}
