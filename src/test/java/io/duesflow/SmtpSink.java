package io.duesflow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * {@code bench/smtp-sink.py} in a process of its own on a loopback port: it logs every accepted mail's Message-ID,
 * fsynced before its 250, so its log says what the server accepted whatever happens to the sender. It can be stopped
 * (an SMTP outage) and started again on the same port and log.
 */
final class SmtpSink implements AutoCloseable {

    final int port;
    final Path log;
    private final Path script;
    private final Path output;
    private Process process;

    SmtpSink(Path script, Path dir) throws IOException {
        this.script = script;
        this.port = AppProcess.freePort();
        this.log = dir.resolve("smtp-received.txt");
        this.output = dir.resolve("smtp.log");
        Files.writeString(log, "");
    }

    SmtpSink start() throws Exception {
        process = new ProcessBuilder("python3", script.toString(), String.valueOf(port), log.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        AppProcess.await("the SMTP server on port " + port, Duration.ofSeconds(30), this::listening);
        return this;
    }

    /** Down: the port refuses connections until {@link #start()}. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    /** Mails accepted so far. */
    long received() throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.count();
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
