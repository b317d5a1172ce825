package dev.greenboard.model.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Keeps the schema ready for Citus as docs/scaling.md ("The Citus path") plans it. A distributed table is split into
 * shards by its distribution column, and each shard checks its keys only among its own rows: so every primary key,
 * unique constraint and unique index must contain the distribution column, and a foreign key between two distributed
 * tables must join them on it (both rows then live on the same shard). The partitioned fact tables are the ones that
 * would be distributed; each is listed here with its distribution column and why.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class DistributionKeyTest {

    /** The column a table would be distributed by, and why that one. */
    record Distribution(String column, String reason) {
    }

    /** Every partitioned table of the schema; a new one must be added here, with its distribution column. */
    static final Map<String, Distribution> PARTITIONED_TABLES = Map.of(
            "test_result", new Distribution("repo_id",
                    "a repository's results join its test_report, test_identity and job rows on one shard"),
            "webhook_delivery", new Distribution("delivery_id",
                    "co-located with webhook_delivery_key, whose global unique delivery id makes redelivery"
                            + " detection one single-shard probe; repo_id is null for deliveries without a repository"),
            "document", new Distribution("collection",
                    "documents belong to a collection, not to a repository, and every write and read names one"
                            + " collection; co-located with document_key"));

    /**
     * Tables whose keys still lack their distribution column, with what closes the gap. The test fails as soon as a
     * gap is closed, so this list only shrinks.
     */
    static final Map<String, String> KNOWN_GAPS = Map.of();

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyPartitionedTableIsPlanned() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Set<String> partitioned = new TreeSet<>(strings(connection, """
                    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = current_schema() and c.relkind = 'p' and not c.relispartition"""));
            assertEquals(new TreeSet<>(PARTITIONED_TABLES.keySet()), partitioned,
                    "every partitioned table needs a distribution column in PARTITIONED_TABLES (docs/scaling.md)");
            for (Map.Entry<String, Distribution> table : PARTITIONED_TABLES.entrySet()) {
                boolean hasColumn = !strings(connection, """
                        select a.attname from pg_attribute a
                        where a.attrelid = to_regclass(?) and a.attname = ? and not a.attisdropped""",
                        table.getKey(), table.getValue().column()).isEmpty();
                assertEquals(!KNOWN_GAPS.containsKey(table.getKey()), hasColumn, table.getKey() + "."
                        + table.getValue().column() + (hasColumn
                                ? " exists: remove the table from KNOWN_GAPS"
                                : " is missing: " + KNOWN_GAPS.getOrDefault(table.getKey(), "add the column")));
            }
        }
    }

    @Test
    void uniqueKeysOfPartitionedTablesIncludeTheDistributionColumn() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, List<String>> violations = uniqueKeysWithout(connection, columns(PARTITIONED_TABLES));
            assertEquals(new TreeSet<>(KNOWN_GAPS.keySet()), violations.keySet(),
                    "unique keys without the distribution column: " + violations + "; known gaps: " + KNOWN_GAPS);
        }
    }

    @Test
    void foreignKeysBetweenPartitionedTablesJoinOnTheDistributionColumn() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertEquals(List.of(), foreignKeysWithout(connection, columns(PARTITIONED_TABLES)));
        }
    }

    /** The two checks above, on a table and a foreign key made to break the rule (rolled back). */
    @Test
    void theChecksFindAKeyAndAForeignKeyWithoutTheDistributionColumn() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        create table dk_probe_parent (repo_id bigint not null, id bigint not null,
                            at timestamptz not null, primary key (repo_id, id, at), unique (id, at))
                        partition by range (at)""");
                statement.execute("""
                        create table dk_probe_child (repo_id bigint not null, parent_id bigint not null,
                            at timestamptz not null, primary key (repo_id, parent_id, at),
                            foreign key (parent_id, at) references dk_probe_parent (id, at))
                        partition by range (at)""");
                Map<String, String> probes = Map.of("dk_probe_parent", "repo_id", "dk_probe_child", "repo_id");

                Map<String, List<String>> unique = uniqueKeysWithout(connection, probes);
                assertEquals(Set.of("dk_probe_parent"), unique.keySet(), unique.toString());
                assertTrue(unique.get("dk_probe_parent").get(0).contains("(id, at)"), unique.toString());
                List<String> foreign = foreignKeysWithout(connection, probes);
                assertEquals(1, foreign.size(), foreign.toString());
                assertTrue(foreign.get(0).startsWith("dk_probe_child"), foreign.toString());
            } finally {
                connection.rollback();
            }
        }
    }

    private static Map<String, String> columns(Map<String, Distribution> tables) {
        return tables.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().column()));
    }

    /**
     * Unique and exclusion indexes (primary keys and unique constraints are backed by one) of the tables, and any of
     * a partition's own, that do not contain the table's distribution column, by table.
     */
    static Map<String, List<String>> uniqueKeysWithout(Connection connection, Map<String, String> distribution)
            throws SQLException {
        Map<String, List<String>> violations = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select root.relname as root, c.relname as relation, ic.relname as index_name,
                       array(select a.attname::text from unnest(i.indkey) with ordinality k(attnum, n)
                             join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                             order by k.n) as columns
                from pg_index i
                join pg_class c on c.oid = i.indrelid
                join pg_class ic on ic.oid = i.indexrelid
                join pg_class root on root.oid = coalesce(pg_partition_root(c.oid), c.oid)
                join pg_namespace n on n.oid = root.relnamespace
                where (i.indisunique or i.indisexclusion) and n.nspname = current_schema()
                  and root.relname = any (?)
                  -- a partition's copy of its parent's index is the parent's key, reported once
                  and not exists (select from pg_inherits inh where inh.inhrelid = i.indexrelid)
                order by 1, 2, 3""")) {
            statement.setArray(1, connection.createArrayOf("text", distribution.keySet().toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    List<String> keyColumns = List.of((String[]) rs.getArray("columns").getArray());
                    String root = rs.getString("root");
                    if (!keyColumns.contains(distribution.get(root))) {
                        violations.computeIfAbsent(root, t -> new ArrayList<>()).add(rs.getString("relation") + "."
                                + rs.getString("index_name") + " (" + String.join(", ", keyColumns) + ")");
                    }
                }
            }
        }
        return violations;
    }

    /**
     * Foreign keys from one of the tables (or a partition) to another that do not pair the referencing table's
     * distribution column with the referenced table's.
     */
    static List<String> foreignKeysWithout(Connection connection, Map<String, String> distribution)
            throws SQLException {
        List<String> violations = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select fr.relname as from_root, tr.relname as to_root, con.conname,
                       array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, n)
                             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
                             order by k.n) as from_columns,
                       array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, n)
                             join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
                             order by k.n) as to_columns
                from pg_constraint con
                join pg_class fr on fr.oid = coalesce(pg_partition_root(con.conrelid), con.conrelid)
                join pg_class tr on tr.oid = coalesce(pg_partition_root(con.confrelid), con.confrelid)
                join pg_namespace n on n.oid = fr.relnamespace
                -- conparentid = 0: a foreign key once, not again for each partition it was cloned to
                where con.contype = 'f' and con.conparentid = 0 and n.nspname = current_schema()
                  and fr.relname = any (?) and tr.relname = any (?)
                order by 1, 3""")) {
            String[] tables = distribution.keySet().toArray(String[]::new);
            statement.setArray(1, connection.createArrayOf("text", tables));
            statement.setArray(2, connection.createArrayOf("text", tables));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    List<String> from = List.of((String[]) rs.getArray("from_columns").getArray());
                    List<String> to = List.of((String[]) rs.getArray("to_columns").getArray());
                    int position = from.indexOf(distribution.get(rs.getString("from_root")));
                    if (position < 0 || !to.get(position).equals(distribution.get(rs.getString("to_root")))) {
                        violations.add(rs.getString("from_root") + "." + rs.getString("conname") + " " + from
                                + " -> " + rs.getString("to_root") + " " + to);
                    }
                }
            }
        }
        return violations;
    }

    private static List<String> strings(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }
}
