package dev.greenboard.model.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.jboss.logging.Logger;

/**
 * The passwords of the embedded server's three roles, generated on first start and kept one a file in
 * {@code <dataDir>/postgres-credentials/<role>.password}: the directory mode 0700, the files 0600, both set again at
 * every start in case someone loosened them.
 */
record DatabaseCredentials(Path directory, String superuser, String owner, String reader) {

    static final String DIRECTORY = "postgres-credentials";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(DatabaseCredentials.class);

    static DatabaseCredentials loadOrGenerate(Path dataDir) throws IOException {
        Path directory = dataDir.resolve(DIRECTORY).toAbsolutePath();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                throw new IOException(directory + " exists and is not a directory");
            }
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return new DatabaseCredentials(directory,
                loadOrGenerate(directory, EmbeddedDatabase.SUPERUSER),
                loadOrGenerate(directory, EmbeddedDatabase.OWNER_ROLE),
                loadOrGenerate(directory, EmbeddedDatabase.READER_ROLE));
    }

    Path file(String role) {
        return directory.resolve(role + ".password");
    }

    private static String loadOrGenerate(Path directory, String role) throws IOException {
        Path file = directory.resolve(role + ".password");
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!password.isEmpty()) {
                return password;
            }
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        // URL-safe: the password may end up in a postgresql:// URL without escaping.
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // Written under another name with mode 0600 from the start, then renamed: never readable by others, never
        // half written.
        Path temporary = Files.createTempFile(directory, role, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, password, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.infof("Generated a password for database role [%s] in [%s]", role, file);
        return password;
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[" + directory + "]";
    }
}
