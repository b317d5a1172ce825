package dev.greenboard.metrics.rollup;

import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;

/**
 * What a rollup run gets: the connection of its transaction, the time it runs "at", and its watermark: the newest fact
 * time a previous run processed. A rollup that moves the watermark forward must only do so for facts it has written.
 * <p>
 * A rollup that must see every row another rollup wrote exactly, whatever the commit order, uses transaction ids
 * instead of times: {@link #transactionsSeen()} is the oldest transaction still running when its previous run began
 * (every older one had ended, so that run could read all it wrote); rows written by that transaction or a newer one
 * may be new to this run.
 */
public final class RollupContext {

    private final Connection connection;
    private final Instant now;
    private final Optional<Instant> watermark;
    private final boolean full;
    private final Optional<Long> transactionsSeen;
    private final long oldestRunningTransaction;
    private Instant newWatermark;
    private boolean transactionsSeenAdvanced;

    RollupContext(Connection connection, Instant now, Optional<Instant> watermark, boolean full) {
        this(connection, now, watermark, Optional.empty(), 0L, full);
    }

    RollupContext(Connection connection, Instant now, Optional<Instant> watermark, Optional<Long> transactionsSeen,
            long oldestRunningTransaction, boolean full) {
        this.connection = connection;
        this.now = now;
        this.watermark = full ? Optional.empty() : watermark;
        this.transactionsSeen = full ? Optional.empty() : transactionsSeen;
        this.oldestRunningTransaction = oldestRunningTransaction;
        this.full = full;
    }

    public Connection connection() {
        return connection;
    }

    public Instant now() {
        return now;
    }

    /** Empty on the first run and on a full run: process everything. */
    public Optional<Instant> watermark() {
        return watermark;
    }

    /** The watermark as a time to compare with ({@code -infinity} when there is none). */
    public java.time.OffsetDateTime watermarkOrMin() {
        return watermark.map(w -> w.atOffset(java.time.ZoneOffset.UTC))
                .orElse(java.time.OffsetDateTime.parse("1970-01-01T00:00:00Z"));
    }

    public boolean full() {
        return full;
    }

    /** Records how far this run processed; stored when the run commits. */
    public void advanceWatermark(Instant processedUpTo) {
        if (processedUpTo != null && (newWatermark == null || processedUpTo.isAfter(newWatermark))) {
            newWatermark = processedUpTo;
        }
    }

    Optional<Instant> newWatermark() {
        return Optional.ofNullable(newWatermark);
    }

    /**
     * The oldest transaction id ({@code xid8}) still running when the previous run that called
     * {@link #advanceTransactionsSeen()} began; empty on the first run and on a full run.
     */
    public Optional<Long> transactionsSeen() {
        return transactionsSeen;
    }

    /** Records that this run read everything committed before it began; stored when the run commits. */
    public void advanceTransactionsSeen() {
        transactionsSeenAdvanced = true;
    }

    Optional<Long> newTransactionsSeen() {
        return transactionsSeenAdvanced ? Optional.of(oldestRunningTransaction) : Optional.empty();
    }
}
