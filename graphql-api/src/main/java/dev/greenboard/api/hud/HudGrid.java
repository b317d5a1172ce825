package dev.greenboard.api.hud;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import dev.greenboard.model.ci.JobExecution;
import dev.greenboard.model.ci.JobExecutionMerge;

/**
 * The cells of one HUD page, filled one execution at a time in any order: a column per job name that the filter
 * keeps, and per commit and column the executions to merge (most cells have one, which is kept without a list).
 * Executions of commits that are not on the page are ignored.
 */
final class HudGrid {

    /**
     * A kept column: its job name and, per commit, its executions: null (none), one {@link JobExecution} or a list of
     * them.
     */
    private static final class Column {

        final String name;
        final Object[] cells;

        Column(String name, int commits) {
            this.name = name;
            this.cells = new Object[commits];
        }
    }

    /** The marker of a job name that the filter drops. */
    private static final Column DROPPED = new Column("", 0);

    private final Map<String, Integer> rowOfSha;
    private final Predicate<String> filter;
    private final Map<String, Column> columns = new HashMap<>();
    private List<Column> sorted;

    /** A grid for these commits (row i is shas.get(i)), keeping the job names that {@code filter} accepts. */
    HudGrid(List<String> shas, Predicate<String> filter) {
        this.rowOfSha = new HashMap<>(shas.size() * 2);
        for (int i = 0; i < shas.size(); i++) {
            rowOfSha.putIfAbsent(shas.get(i), i);
        }
        this.filter = filter;
    }

    /** Adds one execution of job {@code jobName} on commit {@code sha}. */
    void add(String sha, String jobName, JobExecution execution) {
        Integer row = rowOfSha.get(sha);
        if (row == null) {
            return;
        }
        Column column = columns.get(jobName);
        if (column == null) {
            column = filter.test(jobName) ? new Column(jobName, rowOfSha.size()) : DROPPED;
            columns.put(jobName, column);
            sorted = null;
        }
        if (column == DROPPED) {
            return;
        }
        Object cell = column.cells[row];
        if (cell == null) {
            column.cells[row] = execution;
        } else if (cell instanceof JobExecution first) {
            List<JobExecution> executions = new ArrayList<>(4);
            executions.add(first);
            executions.add(execution);
            column.cells[row] = executions;
        } else {
            @SuppressWarnings("unchecked")
            List<JobExecution> executions = (List<JobExecution>) cell;
            executions.add(execution);
        }
    }

    /**
     * Drops the columns whose job name {@code keep} refuses, testing each name once and checking {@code stop} before
     * each: false when it stopped early (the grid is then partly filtered and must not be shown).
     */
    boolean retain(Predicate<String> keep, BooleanSupplier stop) {
        for (Map.Entry<String, Column> entry : columns.entrySet()) {
            if (entry.getValue() == DROPPED) {
                continue;
            }
            if (stop.getAsBoolean()) {
                return false;
            }
            if (!keep.test(entry.getKey())) {
                entry.setValue(DROPPED);
            }
        }
        sorted = null;
        return true;
    }

    /** The kept job names, sorted: the page's columns. */
    List<String> jobNames() {
        return sortedColumns().stream().map(c -> c.name).toList();
    }

    /** The cells of row {@code row}, one per column of {@link #jobNames()}. */
    List<HudCell> cells(int row) {
        List<Column> columns = sortedColumns();
        HudCell[] cells = new HudCell[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cell(columns.get(i).cells[row]);
        }
        return Arrays.asList(cells);
    }

    @SuppressWarnings("unchecked")
    private static HudCell cell(Object executions) {
        if (executions == null) {
            return HudCell.NONE;
        }
        if (executions instanceof JobExecution single) {
            return HudCell.of(JobExecutionMerge.merge(single));
        }
        return HudCell.of(JobExecutionMerge.merge((List<JobExecution>) executions));
    }

    private List<Column> sortedColumns() {
        if (sorted == null) {
            List<Column> kept = new ArrayList<>(columns.size());
            for (Column column : columns.values()) {
                if (column != DROPPED) {
                    kept.add(column);
                }
            }
            kept.sort((a, b) -> a.name.compareTo(b.name));
            sorted = kept;
        }
        return sorted;
    }
}
