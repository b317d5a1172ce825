package dev.greenboard.model.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The settings every module shares, from {@code GREENBOARD_*} environment variables (README.md "Configuration"). Feature modules map
 * their own settings under the same prefix.
 */
@ConfigMapping(prefix = "greenboard")
public interface GreenboardConfig {

    /** {@code GREENBOARD_DB_URL}: an external PostgreSQL; unset means embedded. */
    Optional<String> dbUrl();

    /** {@code GREENBOARD_DATA_DIR}: the embedded database and other local state. */
    @WithDefault("./greenboard-data")
    String dataDir();

    /** {@code GREENBOARD_DEMO}: seed an empty database with a generated history. */
    @WithDefault("false")
    boolean demo();

    /** What the start-up line says about the database. */
    default String databaseDescription() {
        return dbUrl().filter(url -> !url.isBlank())
                .map(url -> "PostgreSQL at " + redactPassword(url))
                .orElse("embedded PostgreSQL in " + dataDir());
    }

    private static String redactPassword(String url) {
        return url.replaceFirst("//([^:/@]+):[^@]*@", "//$1@");
    }
}
