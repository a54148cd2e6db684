package io.duesflow.banking;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.duesflow.platform.StartupProblem;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The folders files travel through to and from the bank: direct-debit files leave through the outbox,
 * statements and status reports arrive in the inbox and end in processed, or in error with the reason beside them.
 *
 * @param outboxFileMode the permissions of every file placed in the outbox, in octal: the bank's upload client
 *                       usually runs as another user, so by default ({@code 0640}) the owner's group may read the
 *                       files and nobody else may
 */
@ConfigurationProperties("duesflow.bank")
public record BankFolders(@DefaultValue("./data/bank/outbox") Path outbox,
                          @DefaultValue("./data/bank/inbox") Path inbox,
                          @DefaultValue("./data/bank/processed") Path processed,
                          @DefaultValue("./data/bank/error") Path error,
                          @DefaultValue("0640") String outboxFileMode) {

    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");

    public BankFolders {
        if (!OCTAL_MODE.matcher(outboxFileMode).matches()) {
            throw new StartupProblem("DUESFLOW_BANK_OUTBOX_FILE_MODE (duesflow.bank.outbox-file-mode) is not an octal "
                    + "file mode: '" + outboxFileMode + "'.",
                    "Give three octal digits, such as 0640: the owner reads and writes, the group reads, others nothing.");
        }
    }

    /** The outbox folder's own mode: whoever may read a file there may also enter the folder. */
    String outboxDirectoryMode() {
        int file = Integer.parseInt(outboxFileMode, 8);
        return "0" + Integer.toOctalString(file | 0700 | (file & 0444) >> 2);
    }

    /** A file system without POSIX permissions (Windows) has no modes to set. */
    static boolean permissionsApply() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    List<Path> all() {
        return List.of(outbox, inbox, processed, error);
    }

    void createAll() {
        for (Path folder : all()) {
            try {
                boolean created = !Files.exists(folder);
                Files.createDirectories(folder);
                if (created && folder.equals(outbox) && permissionsApply()) {
                    Files.setPosixFilePermissions(folder, permissions(outboxDirectoryMode()));
                }
            } catch (IOException e) {
                throw new StartupProblem("The bank folder " + folder.toAbsolutePath() + " cannot be created: " + e,
                        "Make it writable or choose another with DUESFLOW_BANK_OUTBOX, DUESFLOW_BANK_INBOX, "
                                + "DUESFLOW_BANK_PROCESSED, DUESFLOW_BANK_ERROR or DUESFLOW_DATA_DIR.", e);
            }
            if (!Files.isWritable(folder)) {
                throw new StartupProblem("The bank folder " + folder.toAbsolutePath() + " is not writable.",
                        "Make it writable or choose another with the DUESFLOW_BANK_* variables.");
            }
        }
    }

    /** {@link PosixFilePermission} lists the nine bits in the order an octal mode writes them, highest first. */
    private static Set<PosixFilePermission> permissions(String octalMode) {
        int mode = Integer.parseInt(octalMode, 8);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values();
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & 0400 >> bit) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }
}
