package dev.greenboard.api.sync;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application with a GitHub token and its client pointed at the stand-in API ({@link GitHubApiStandIn}). A
 * profile, so that the classes using it share one application (started once, fully, like ReadLimitTest's).
 */
public class GitHubSyncProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GitHubApiStandIn.class));
    }
}
