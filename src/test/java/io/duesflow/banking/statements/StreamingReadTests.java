package io.duesflow.banking.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.banking.Camt053BenchFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement of many entries is handed over while it is read, not after: the file is consumed as the entries
 * arrive, so it never needs to be in memory whole. (bench/run camt053-read measures time and heap for 100 000.)
 */
class StreamingReadTests {

    private static final int ENTRIES = 20_000;

    @TempDir
    Path folder;

    @Test
    void entriesArriveWhileTheFileIsStillBeingRead() throws IOException {
        Path file = folder.resolve("camt053-20000.xml");
        Camt053BenchFile.write(file, ENTRIES);
        long size = Files.size(file);
        List<Long> consumedAtEntry = new ArrayList<>();
        BigDecimal[] sum = {BigDecimal.ZERO};
        Statement[] statement = new Statement[1];

        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file))) {
            new BankFileReader().read(in, new BankFileVisitor() {
                @Override
                public void statement(Statement s) {
                    statement[0] = s;
                }

                @Override
                public void entry(Entry entry) {
                    consumedAtEntry.add(in.consumed);
                }

                @Override
                public void transaction(Entry entry, EntryTransaction transaction) {
                    sum[0] = sum[0].add(transaction.amount().value());
                }
            });
        }

        assertThat(consumedAtEntry).hasSize(ENTRIES);
        assertThat(consumedAtEntry.get(0)).isLessThan(size / 20);
        assertThat(consumedAtEntry.get(ENTRIES / 2)).isBetween(size * 2 / 5, size * 3 / 5);
        assertThat(sum[0]).isEqualByComparingTo(statement[0].closing().amount());
    }

    private static final class CountingInputStream extends FilterInputStream {
        long consumed;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            consumed += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            consumed += Math.max(n, 0);
            return n;
        }
    }
}
