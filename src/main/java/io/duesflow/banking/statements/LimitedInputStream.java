package io.duesflow.banking.statements;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Refuses to give more than a maximum number of bytes, so a stream without a known size is bounded too. */
final class LimitedInputStream extends FilterInputStream {

    private final long maximum;
    private long read;
    private boolean exceeded;

    LimitedInputStream(InputStream in, long maximum) {
        super(in);
        this.maximum = maximum;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) throws IOException {
        read += n;
        if (read > maximum) {
            exceeded = true;
            throw new IOException("more than " + maximum + " bytes");
        }
    }

    /** Whether the stream was stopped at the maximum; the parser above may have wrapped that in its own error. */
    boolean exceeded() {
        return exceeded;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
