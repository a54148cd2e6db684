package io.duesflow.mail;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Version;

/**
 * The modules of a QR code for bytes, made as ZXing's {@code QRCodeWriter} makes them for the EPC QR code (byte
 * mode, error correction level M, mask pattern 2, a quiet zone of four modules), module for module — a test holds
 * the two to the same matrix — but without ZXing's general encoder, whose Reed-Solomon arithmetic allocates a
 * polynomial for every step and was a third of an invoice's rendering. ZXing's version tables are used as they are.
 * Thread-safe.
 */
final class QrMatrix {

    static final int QUIET_ZONE = 4;
    private static final ErrorCorrectionLevel LEVEL = ErrorCorrectionLevel.M;
    private static final int MASK = 2;
    private static final int MODE_BYTE = 0b0100;

    /** GF(256) with the QR code's polynomial x^8 + x^4 + x^3 + x^2 + 1, as exponent and logarithm tables. */
    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];
    /** The generator polynomial of each number of error correction bytes, highest degree first, built once. */
    private static final int[][] GENERATORS = new int[69][];

    private static final int[][] POSITION_DETECTION = {
            {1, 1, 1, 1, 1, 1, 1}, {1, 0, 0, 0, 0, 0, 1}, {1, 0, 1, 1, 1, 0, 1}, {1, 0, 1, 1, 1, 0, 1},
            {1, 0, 1, 1, 1, 0, 1}, {1, 0, 0, 0, 0, 0, 1}, {1, 1, 1, 1, 1, 1, 1}};
    private static final int[][] TYPE_INFO_COORDINATES = {
            {8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8}, {7, 8}, {5, 8}, {4, 8}, {3, 8}, {2, 8},
            {1, 8}, {0, 8}};

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) {
                x ^= 0x11d;
            }
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int degree = 1; degree < GENERATORS.length; degree++) {
            // (x - a^0)(x - a^1)…(x - a^(degree-1)); in GF(256) minus is plus.
            int[] generator = {1};
            for (int i = 0; i < degree; i++) {
                int[] next = new int[generator.length + 1];
                for (int j = 0; j < generator.length; j++) {
                    next[j] ^= generator[j];
                    next[j + 1] ^= multiply(generator[j], EXP[i]);
                }
                generator = next;
            }
            GENERATORS[degree] = generator;
        }
    }

    private QrMatrix() {
    }

    /** The code of {@code data} in byte mode, with its quiet zone; true is a dark module. */
    static BitMatrix encode(byte[] data) {
        Version version = version(data.length);
        byte[] codewords = codewords(data, version);
        int size = version.getDimensionForVersion();
        // -1 free, 0 light, 1 dark
        byte[][] modules = new byte[size][size];
        for (byte[] row : modules) {
            java.util.Arrays.fill(row, (byte) -1);
        }
        functionPatterns(modules, version);
        typeInfo(modules);
        versionInfo(modules, version);
        dataBits(modules, codewords);
        BitMatrix matrix = new BitMatrix(size + 2 * QUIET_ZONE);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (modules[y][x] == 1) {
                    matrix.set(x + QUIET_ZONE, y + QUIET_ZONE);
                }
            }
        }
        return matrix;
    }

    /** The smallest version whose data codewords hold the mode, the count and the bytes, as ZXing chooses it. */
    private static Version version(int bytes) {
        for (int number = 1; number <= 40; number++) {
            Version version = Version.getVersionForNumber(number);
            int bits = 4 + countBits(number) + 8 * bytes;
            if (dataCodewords(version) >= (bits + 7) / 8) {
                return version;
            }
        }
        throw new IllegalArgumentException(bytes + " bytes do not fit a QR code");
    }

    private static int countBits(int version) {
        return version <= 9 ? 8 : 16;
    }

    private static int dataCodewords(Version version) {
        return version.getTotalCodewords() - version.getECBlocksForLevel(LEVEL).getTotalECCodewords();
    }

    /** Mode, count, bytes, terminator and padding, split into blocks each with its error correction, interleaved. */
    private static byte[] codewords(byte[] data, Version version) {
        int dataCodewords = dataCodewords(version);
        byte[] stream = new byte[dataCodewords];
        Bits bits = new Bits(stream);
        bits.append(MODE_BYTE, 4);
        bits.append(data.length, countBits(version.getVersionNumber()));
        for (byte b : data) {
            bits.append(b & 0xff, 8);
        }
        int capacity = dataCodewords * 8;
        bits.append(0, Math.min(4, capacity - bits.size));
        bits.append(0, (8 - bits.size % 8) % 8);
        for (int i = bits.size / 8, pad = 0; i < dataCodewords; i++, pad++) {
            stream[i] = (byte) (pad % 2 == 0 ? 0xec : 0x11);
        }

        int total = version.getTotalCodewords();
        int blocks = version.getECBlocksForLevel(LEVEL).getNumBlocks();
        int inGroup2 = total % blocks;
        int inGroup1 = blocks - inGroup2;
        int dataInGroup1 = dataCodewords / blocks;
        int ecPerBlock = total / blocks - dataInGroup1;
        byte[][] blockData = new byte[blocks][];
        byte[][] blockEc = new byte[blocks][];
        int offset = 0;
        for (int b = 0; b < blocks; b++) {
            int length = b < inGroup1 ? dataInGroup1 : dataInGroup1 + 1;
            blockData[b] = java.util.Arrays.copyOfRange(stream, offset, offset + length);
            blockEc[b] = errorCorrection(blockData[b], ecPerBlock);
            offset += length;
        }
        byte[] result = new byte[total];
        int at = 0;
        for (int i = 0; i <= dataInGroup1; i++) {
            for (int b = 0; b < blocks; b++) {
                if (i < blockData[b].length) {
                    result[at++] = blockData[b][i];
                }
            }
        }
        for (int i = 0; i < ecPerBlock; i++) {
            for (int b = 0; b < blocks; b++) {
                result[at++] = blockEc[b][i];
            }
        }
        return result;
    }

    /** The Reed-Solomon remainder of the block by the generator of {@code count} bytes. */
    private static byte[] errorCorrection(byte[] block, int count) {
        int[] generator = GENERATORS[count];
        int[] remainder = new int[count];
        for (byte b : block) {
            int factor = (b & 0xff) ^ remainder[0];
            System.arraycopy(remainder, 1, remainder, 0, count - 1);
            remainder[count - 1] = 0;
            if (factor != 0) {
                int logFactor = LOG[factor];
                for (int j = 0; j < count; j++) {
                    int g = generator[j + 1];
                    if (g != 0) {
                        remainder[j] ^= EXP[LOG[g] + logFactor];
                    }
                }
            }
        }
        byte[] result = new byte[count];
        for (int j = 0; j < count; j++) {
            result[j] = (byte) remainder[j];
        }
        return result;
    }

    private static int multiply(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    /** Finder patterns with their separators, the dark module, alignment patterns, timing patterns. */
    private static void functionPatterns(byte[][] m, Version version) {
        int size = m.length;
        finder(m, 0, 0);
        finder(m, size - 7, 0);
        finder(m, 0, size - 7);
        for (int i = 0; i < 8; i++) {
            m[7][i] = 0;
            m[7][size - 8 + i] = 0;
            m[size - 8][i] = 0;
        }
        for (int i = 0; i < 7; i++) {
            m[i][7] = 0;
            m[i][size - 8] = 0;
            m[size - 7 + i][7] = 0;
        }
        m[size - 8][8] = 1;
        if (version.getVersionNumber() >= 2) {
            int[] centres = version.getAlignmentPatternCenters();
            for (int y : centres) {
                for (int x : centres) {
                    if (m[y][x] == -1) {
                        for (int dy = -2; dy <= 2; dy++) {
                            for (int dx = -2; dx <= 2; dx++) {
                                int ring = Math.max(Math.abs(dx), Math.abs(dy));
                                m[y + dy][x + dx] = (byte) (ring == 1 ? 0 : 1);
                            }
                        }
                    }
                }
            }
        }
        for (int i = 8; i < size - 8; i++) {
            byte bit = (byte) ((i + 1) % 2);
            if (m[6][i] == -1) {
                m[6][i] = bit;
            }
            if (m[i][6] == -1) {
                m[i][6] = bit;
            }
        }
    }

    private static void finder(byte[][] m, int left, int top) {
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
                m[top + y][left + x] = (byte) POSITION_DETECTION[y][x];
            }
        }
    }

    /** The level and mask, BCH-protected and masked, twice: beside the top left finder and split over the others. */
    private static void typeInfo(byte[][] m) {
        int size = m.length;
        int info = (LEVEL.getBits() << 3) | MASK;
        int bits = ((info << 10) | bch(info, 0x537)) ^ 0x5412;
        for (int i = 0; i < 15; i++) {
            byte bit = (byte) (bits >> i & 1);
            m[TYPE_INFO_COORDINATES[i][1]][TYPE_INFO_COORDINATES[i][0]] = bit;
            if (i < 8) {
                m[8][size - i - 1] = bit;
            } else {
                m[size - 7 + (i - 8)][8] = bit;
            }
        }
    }

    /** From version 7 on: the version number, BCH-protected, in two 6 × 3 blocks. */
    private static void versionInfo(byte[][] m, Version version) {
        int number = version.getVersionNumber();
        if (number < 7) {
            return;
        }
        int size = m.length;
        int bits = (number << 12) | bch(number, 0x1f25);
        // Least significant bit first.
        int index = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                byte bit = (byte) (bits >> index & 1);
                index++;
                m[size - 11 + j][i] = bit;
                m[i][size - 11 + j] = bit;
            }
        }
    }

    private static int bch(int value, int polynomial) {
        int msb = 32 - Integer.numberOfLeadingZeros(polynomial);
        value <<= msb - 1;
        while (32 - Integer.numberOfLeadingZeros(value) >= msb) {
            value ^= polynomial << (32 - Integer.numberOfLeadingZeros(value) - msb);
        }
        return value;
    }

    /** The codewords up and down two columns at a time from the bottom right, mask pattern 2 applied. */
    private static void dataBits(byte[][] m, byte[] codewords) {
        int size = m.length;
        int total = codewords.length * 8;
        int index = 0;
        int direction = -1;
        int x = size - 1;
        int y = size - 1;
        while (x > 0) {
            if (x == 6) {
                x--;
            }
            while (y >= 0 && y < size) {
                for (int i = 0; i < 2; i++) {
                    int xx = x - i;
                    if (m[y][xx] != -1) {
                        continue;
                    }
                    boolean bit = false;
                    if (index < total) {
                        bit = (codewords[index >> 3] >> (7 - (index & 7)) & 1) == 1;
                        index++;
                    }
                    // Mask pattern 2 (MASK): every column whose number divides by three.
                    if (xx % 3 == 0) {
                        bit = !bit;
                    }
                    m[y][xx] = (byte) (bit ? 1 : 0);
                }
                y += direction;
            }
            direction = -direction;
            y += direction;
            x -= 2;
        }
    }

    /** Bits appended most significant first into a byte array. */
    private static final class Bits {
        private final byte[] bytes;
        int size;

        Bits(byte[] bytes) {
            this.bytes = bytes;
        }

        void append(int value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                if ((value >> i & 1) == 1) {
                    bytes[size >> 3] |= (byte) (0x80 >>> (size & 7));
                }
                size++;
            }
        }
    }
}
