package dev.greenboard.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends webhook deliveries the way GitHub's delivery service does, without the cost of a general HTTP client on the
 * machine under test: every request (headers, {@code X-Hub-Signature-256} and body) is built and signed before the
 * clock starts, and each sender writes its requests over one kept-alive HTTP/1.1 connection. The JDK
 * {@code HttpClient} with signing per request took about a quarter of the 2-core machine at ~1,000 deliveries/s,
 * which the measurement then charged to Greenboard.
 */
final class WebhookSender implements AutoCloseable {

    /** One prepared request: the exact bytes to write. */
    record Prepared(String deliveryId, byte[] request) {
    }

    /** An answer: status and body text. */
    record Answer(int status, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    WebhookSender(URI base) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** Builds and signs the requests of {@code deliveries}. */
    static List<Prepared> prepare(Client client, URI base, List<Workload.Delivery> deliveries) {
        String host = base.getHost() + ":" + base.getPort();
        List<Prepared> prepared = new ArrayList<>(deliveries.size());
        for (Workload.Delivery delivery : deliveries) {
            String head = "POST /api/v1/github/webhook HTTP/1.1\r\n"
                    + "Host: " + host + "\r\n"
                    + "User-Agent: GitHub-Hookshot/bench\r\n"
                    + "Content-Type: application/json\r\n"
                    + "X-GitHub-Event: " + delivery.event() + "\r\n"
                    + "X-GitHub-Delivery: " + delivery.deliveryId() + "\r\n"
                    + "X-Hub-Signature-256: " + client.signature(delivery.body()) + "\r\n"
                    + "Content-Length: " + delivery.body().length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[headBytes.length + delivery.body().length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(delivery.body(), 0, request, headBytes.length, delivery.body().length);
            prepared.add(new Prepared(delivery.deliveryId(), request));
        }
        return prepared;
    }

    Answer send(Prepared prepared) throws IOException {
        out.write(prepared.request());
        out.flush();
        return readAnswer();
    }

    /** Reads one HTTP/1.1 response with a {@code Content-Length} or chunked body. */
    private Answer readAnswer() throws IOException {
        String statusLine = readLine();
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(readLine().trim(), 16); size > 0; size = Integer
                    .parseInt(readLine().trim(), 16)) {
                body.write(in.readNBytes(size));
                readLine();
            }
            readLine();
        } else if (length > 0) {
            body.write(in.readNBytes(length));
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
