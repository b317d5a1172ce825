package dev.greenboard.ingest.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A request body read once, decompressed when it came gzip-encoded, hashed and kept in memory (small) or in a temp
 * file (large), so that it can be checked for a duplicate and then parsed as a stream. Reading enforces the size
 * limit on the decompressed bytes, which also stops gzip bombs.
 */
public final class SpooledBody implements AutoCloseable {

    private static final int IN_MEMORY_LIMIT = 4 * 1024 * 1024;

    private final byte[] bytes;
    private final Path file;
    private final long size;
    private final String sha256;

    private SpooledBody(byte[] bytes, Path file, long size, String sha256) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.sha256 = sha256;
    }

    /**
     * Reads {@code body} to the end. {@code contentEncoding} may be {@code gzip} (or absent / identity).
     *
     * @throws HttpError 413 over {@code limit}, 400 for a broken gzip stream or an unknown encoding
     */
    public static SpooledBody read(InputStream body, String contentEncoding, long limit) {
        return read(body, contentEncoding, null, limit);
    }

    /**
     * As {@link #read(InputStream, String, long)}; a declared {@code Content-Length} over the limit is refused before
     * a byte is read.
     */
    public static SpooledBody read(InputStream body, String contentEncoding, String contentLength, long limit) {
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.trim()) > limit) {
                    throw HttpError.tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                // not a number: the count while reading still enforces the limit
            }
        }
        InputStream in = body == null ? InputStream.nullInputStream() : new ClientStream(body);
        String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
                in = new GZIPInputStream(new BufferedInputStream(in), 64 * 1024);
            } else if (!encoding.isEmpty() && !encoding.equals("identity")) {
                throw HttpError.badRequest("unsupported_encoding",
                        "Content-Encoding '" + contentEncoding + "' is not supported; send gzip or no encoding");
            }
            return spool(in, limit);
        } catch (ZipException | java.io.EOFException e) {
            throw HttpError.badRequest("bad_gzip", "The body says Content-Encoding: gzip but is not valid gzip: "
                    + e.getMessage());
        } catch (ClientStream.Broken e) {
            // The client's connection broke or was closed (the body timeout answers 408 and closes it): the client's
            // doing, not the database's or the server's, and whoever is still listening learns that nothing was kept.
            throw new HttpError(400, "incomplete_body", "The request body did not arrive whole (" + e.getMessage()
                    + "); nothing was stored", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the request body failed", e);
        }
    }

    private static SpooledBody spool(InputStream in, long limit) throws IOException {
        MessageDigest digest = newSha256();
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        OutputStream out = new DigestOutputStream(memory, digest);
        Path file = null;
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                size += n;
                if (size > limit) {
                    throw HttpError.tooLarge(limit);
                }
                if (file == null && size > IN_MEMORY_LIMIT) {
                    file = Files.createTempFile("greenboard-body", ".bin");
                    OutputStream fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 256 * 1024);
                    memory.writeTo(fileOut);
                    out = new DigestOutputStream(fileOut, digest);
                    memory = null;
                }
                out.write(buffer, 0, n);
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            out.close();
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        return new SpooledBody(file == null ? memory.toByteArray() : null, file, size, hash);
    }

    public InputStream open() {
        if (file == null) {
            return new ByteArrayInputStream(bytes);
        }
        try {
            return new BufferedInputStream(Files.newInputStream(file), 256 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as bytes; only for bodies known to be small (webhooks). */
    public byte[] bytes() {
        if (file == null) {
            return bytes;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temp file is harmless; the OS cleans the temp dir
            }
        }
    }

    /** The request body as the client sends it; its read failures are told apart from the temp file's. */
    private static final class ClientStream extends java.io.FilterInputStream {

        static final class Broken extends IOException {

            private static final long serialVersionUID = 1L;

            Broken(Throwable cause) {
                super(String.valueOf(cause.getMessage()), cause);
            }
        }

        ClientStream(InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | RuntimeException e) {
                throw new Broken(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException | RuntimeException e) {
                throw new Broken(e);
            }
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
