package io.duesflow.banking.statements;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a file from the bank may be. A larger one is refused before it is read. A statement of 100 000
 * entries written one entry per line is about 90 MB; banks that indent every element send twice that, and an
 * association that large raises the limit ({@code DUESFLOW_BANK_MAX_FILE_SIZE}, e.g. {@code 250MB}).
 */
@ConfigurationProperties("duesflow.bank.reading")
public record BankFileLimits(@DefaultValue("100MB") DataSize maxFileSize) {

    public static final BankFileLimits DEFAULT = new BankFileLimits(DataSize.ofMegabytes(100));

    public BankFileLimits {
        if (maxFileSize == null || maxFileSize.toBytes() <= 0) {
            throw new IllegalArgumentException("duesflow.bank.reading.max-file-size must be positive");
        }
    }
}
