package dev.greenboard.api.testhealth;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("DisabledTestSource")
@Description("What disabled a test: an open 'DISABLED <test> (<module>.<Class>)' issue, or the disableTest mutation.")
public enum DisabledTestSource {
    ISSUE, API
}
