package dev.greenboard.api.testhealth;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("TestHealthReason")
@Description("RERUN: failed, then passed inside one job on one commit (a rerun or another attempt). FLIP: on the"
        + " default branch it went pass, fail, pass in one job (failure streaks of 3 or more excluded)."
        + " CONSECUTIVE_FAILURES: its newest default-branch results in a job are 3 or more failures.")
public enum TestHealthReason {
    RERUN, FLIP, CONSECUTIVE_FAILURES
}
