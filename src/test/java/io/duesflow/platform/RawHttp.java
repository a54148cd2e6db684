package io.duesflow.platform;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand, for what the JDK's client cannot be made to do: send a body without its length (chunked) while
 * reading an answer that comes before the body is all sent, or ask {@code Expect: 100-continue} and take a refusal
 * without sending the body at all (the JDK 17 client waits forever there), as curl does for large uploads.
 */
final class RawHttp {

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    /**
     * @param head    request line and headers, without the final empty line
     * @param body    sent after a {@code 100 Continue} when {@code head} asks for one; chunked when {@code head} says
     *                so; null for none
     */
    static Answer send(int port, String head, InputStream body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String lower = head.toLowerCase(Locale.ROOT);
            boolean chunked = lower.contains("transfer-encoding: chunked");
            if (body != null && lower.contains("expect: 100-continue")) {
                Answer first = read(in);
                if (first.status() != 100) {
                    return first;
                }
            }
            Thread sender = null;
            IOException[] sendFailure = new IOException[1];
            if (body != null) {
                // Sent beside the reading: the answer may come before the body is all sent.
                sender = new Thread(() -> {
                    try {
                        byte[] buffer = new byte[1 << 16];
                        for (int n; (n = body.read(buffer)) > 0; ) {
                            if (chunked) {
                                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            }
                            out.write(buffer, 0, n);
                            if (chunked) {
                                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                            }
                        }
                        if (chunked) {
                            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        }
                        out.flush();
                    } catch (IOException e) {
                        // the server stopped reading after it answered: expected when it refuses early
                        sendFailure[0] = e;
                    }
                }, "raw-http-sender");
                sender.setDaemon(true);
                sender.start();
            }
            Answer answer = read(in);
            if (answer.status() == 100) {
                answer = read(in);
            }
            return answer;
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("The server closed the connection without an answer");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header; (header = line(in)) != null && !header.isEmpty(); ) {
            int colon = header.indexOf(':');
            headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        if (code == 100) {
            return new Answer(code, headers, "");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            long length = Long.parseLong(headers.get("content-length"));
            body.write(in.readNBytes((int) length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size; (size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        }
        return new Answer(code, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
