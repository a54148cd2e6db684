#!/usr/bin/env python3
"""A small SMTP server for the crash trials (bench/run faults), run in its own process on loopback.

    smtp-sink.py PORT LOG

Accepts every mail (no TLS, no login) and, before it answers 250 to the end of DATA, appends one line to LOG with the
mail's Message-ID (or "-" when it has none). The line is flushed and fsynced first, so a mail the server accepted is
always in LOG, whatever happens to the sender afterwards: a crash of the sender between our 250 and its own commit shows
up as the same Message-ID twice. Stops on SIGTERM.
"""
import os
import re
import signal
import socketserver
import sys

MESSAGE_ID = re.compile(rb"^message-id:\s*(.*?)\s*$", re.IGNORECASE | re.MULTILINE)


class Session(socketserver.StreamRequestHandler):
    timeout = 120

    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 faults-sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.strip().split(b" ", 1)[0].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-faults-sink\r\n250-8BITMIME\r\n250 SIZE 104857600\r\n")
                self.wfile.flush()
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 go on")
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    if chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk)
                headers = b"".join(data).split(b"\r\n\r\n", 1)[0]
                found = MESSAGE_ID.search(headers)
                message_id = found.group(1).decode("ascii", "replace") if found else "-"
                self.server.record(message_id)
                self.reply("250 OK queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class Sink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port, log):
        super().__init__(("127.0.0.1", port), Session)
        self.log = open(log, "a", encoding="ascii")
        import threading
        self.lock = threading.Lock()

    def record(self, message_id):
        with self.lock:
            self.log.write(message_id + "\n")
            self.log.flush()
            os.fsync(self.log.fileno())


def main():
    port, log = int(sys.argv[1]), sys.argv[2]
    server = Sink(port, log)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit(0)))
    try:
        server.serve_forever()
    finally:
        server.log.close()


if __name__ == "__main__":
    main()
