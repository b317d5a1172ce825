package dev.greenboard.ingest.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.greenboard.ingest.IngestConfig;
import dev.greenboard.model.config.GreenboardConfig;

/**
 * The bearer tokens allowed to write. From {@code GREENBOARD_INGEST_TOKENS}, or else one random token generated on
 * first start, kept in {@code <data dir>/ingest-token} (mode 600) and printed that one time.
 */
@ApplicationScoped
public class IngestTokens {

    static final String TOKEN_FILE = "ingest-token";
    private static final Logger LOG = Logger.getLogger(IngestTokens.class);

    private final List<byte[]> tokens;

    public IngestTokens(IngestConfig ingest, GreenboardConfig greenboard) {
        List<String> configured = ingest.ingestTokens().orElse(List.of()).stream()
                .map(String::trim).filter(t -> !t.isEmpty()).toList();
        List<String> effective = configured.isEmpty()
                ? List.of(storedOrGenerated(Path.of(greenboard.dataDir())))
                : configured;
        this.tokens = effective.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    void onStart(@Observes StartupEvent event) {
        // Built eagerly so that a generated token is printed at start, not at the first upload.
    }

    /** Whether an {@code Authorization} header carries one of the tokens; compared in constant time. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(token, presented);
        }
        return match;
    }

    private static String storedOrGenerated(Path dataDir) {
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!token.isEmpty()) {
                    LOG.infof("Ingest token read from [%s] (set GREENBOARD_INGEST_TOKENS to choose your own)",
                            file.toAbsolutePath());
                    return token;
                }
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = "gb_" + HexFormat.of().formatHex(random);
            Files.createDirectories(dataDir);
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the data dir's own permissions protect it
            }
            LOG.infof("Generated ingest token %s (stored in [%s]; uploads send 'Authorization: Bearer <token>')",
                    token, file.toAbsolutePath());
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or store the ingest token in " + file.toAbsolutePath()
                    + "; set GREENBOARD_INGEST_TOKENS or make GREENBOARD_DATA_DIR writable", e);
        }
    }
}
