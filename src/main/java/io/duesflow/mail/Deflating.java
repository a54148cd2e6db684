package io.duesflow.mail;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Deflater;

/**
 * Deflates the small streams of a document (a page's content, a QR code's pixels) with a {@link Deflater} kept for
 * the next one: making one allocates a quarter of a megabyte of native memory, more than the stream costs to
 * compress. A few are kept per level, enough for the render threads; more at once are made and ended as before.
 */
final class Deflating {

    private static final int KEPT = 4;
    private static final BlockingQueue<Deflater> FAST = new ArrayBlockingQueue<>(KEPT);
    private static final BlockingQueue<Deflater> DEFAULT = new ArrayBlockingQueue<>(KEPT);

    private Deflating() {
    }

    /** The data deflated (zlib format) at {@link Deflater#BEST_SPEED} or {@link Deflater#DEFAULT_COMPRESSION}. */
    static byte[] deflate(byte[] data, int level) {
        BlockingQueue<Deflater> kept = switch (level) {
            case Deflater.BEST_SPEED -> FAST;
            case Deflater.DEFAULT_COMPRESSION -> DEFAULT;
            default -> throw new IllegalArgumentException("no deflaters kept for level " + level);
        };
        Deflater deflater = kept.poll();
        if (deflater == null) {
            deflater = new Deflater(level);
        }
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.reset();
            if (!kept.offer(deflater)) {
                deflater.end();
            }
        }
    }
}
