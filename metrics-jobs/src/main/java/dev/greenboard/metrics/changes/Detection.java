package dev.greenboard.metrics.changes;

import java.util.List;
import java.util.Optional;

/**
 * What the detector found in a series.
 *
 * @param verdict about the newest change: {@link Verdict#CHANGE} when it should be announced, else why not
 * @param latest the change the verdict is about, also when it does not alert (too small, not recent); empty when
 *        no split was significant
 * @param changes every lasting change that is large enough, oldest first, recent or not: the chart's annotations
 */
public record Detection(Verdict verdict, Optional<Change> latest, List<Change> changes) {

    public Detection {
        changes = List.copyOf(changes);
    }

    /** The change to announce, if any. */
    public Optional<Change> alert() {
        return verdict == Verdict.CHANGE ? latest : Optional.empty();
    }
}
