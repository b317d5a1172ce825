package dev.greenboard.api.testhealth;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("TestHealthState")
@Description("The health of a test over a window; when several apply, the first in this order wins: DISABLED, BROKEN,"
        + " FLAKY, HEALTHY.")
public enum TestHealthState {
    HEALTHY, FLAKY, BROKEN, DISABLED
}
