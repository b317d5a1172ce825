package dev.greenboard.ingest.githubapi;

import java.util.regex.Pattern;

/** A repository as {@code owner/name}, checked so that it is safe to put into a URL path as it is. */
public record RepoRef(String owner, String name) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    public RepoRef {
        if (owner == null || !PART.matcher(owner).matches() || name == null || !PART.matcher(name).matches()
                || ".".equals(name) || "..".equals(name)) {
            throw new IllegalArgumentException("Not a GitHub repository: [" + owner + "/" + name + "]");
        }
    }

    /** Reads {@code owner/name}. */
    public static RepoRef parse(String fullName) {
        int slash = fullName == null ? -1 : fullName.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("Not a GitHub repository (owner/name): [" + fullName + "]");
        }
        return new RepoRef(fullName.substring(0, slash), fullName.substring(slash + 1));
    }

    public String fullName() {
        return owner + "/" + name;
    }

    /** {@code /repos/owner/name}, the prefix of every repository endpoint. */
    String path() {
        return "/repos/" + owner + "/" + name;
    }

    @Override
    public String toString() {
        return fullName();
    }
}
