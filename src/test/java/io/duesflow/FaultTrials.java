package io.duesflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.duesflow.MonthTrial.Outcome;

/**
 * {@code bench/run faults [--size N]}: N crash trials of the whole month's path against the application as its own
 * process ({@code java -jar target/duesflow.jar}, job executor on, embedded PostgreSQL in the trial's data folder) and
 * a real SMTP server in another process ({@code bench/smtp-sink.py}, which records every accepted mail's Message-ID
 * before it answers 250).
 * <p>
 * Each trial, on a copy of a data folder that one first start initialised (schema and engine only): the association
 * is made a SEPA creditor over REST, a register of {@link #MEMBERS} members (half on SEPA direct debit with a mandate,
 * half invoiced) is imported through {@code POST /api/members/import}, a monthly line is defined, a scheduled run over
 * three months is created, generated ({@code POST …/generate}, the engine's jobs) and approved through the REST door
 * (which completes the approval task); the mails go to the SMTP server, the pain.008 files to the bank outbox; then a
 * camt.053 paying two thirds of the invoiced charges by their RF reference is dropped into the bank inbox. At one
 * random moment of one randomly chosen phase (generation, approval, mail sending, pain.008 writing, the camt import,
 * the ledger posting after it) the java process is killed with SIGKILL and started again on the same data folder; the
 * trial then waits until the engine's jobs have finished the run and the statement is booked, and checks, in SQL and
 * {@link MonthTrial}'s checks, in SQL and in the SMTP server's log (one charge per member and due date, every mail
 * sent once under its own Message-ID, one pain.008 per run, date and sequence, the statement booked once, every
 * posting once and every voucher balanced).
 * <p>
 * The last line: {@code faults trials=N doubles=D lost=L}.
 * <p>
 * Arguments: trials, the application jar, the SMTP server script, a work folder. {@code -Dfaults.seed=S} repeats a
 * run's random choices, {@code -Dfaults.phases=approval,pain008} chooses the phases (in turn) instead.
 */
public final class FaultTrials {

    static final int MEMBERS = 30;
    static final int MONTHS = 3;
    static final MonthTrial MONTH = new MonthTrial(MEMBERS, MONTHS);
    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final String[] PHASES = {"generation", "approval", "mail", "pain008", "camt-import", "ledger-posting"};

    private final Path jar;
    private final Path sink;
    private final Random random;

    private FaultTrials(Path jar, Path sink, long seed) {
        this.jar = jar;
        this.sink = sink;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int trials = Integer.parseInt(args[0]);
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path sink = Path.of(args[2]).toAbsolutePath();
        Path work = Path.of(args[3]).toAbsolutePath();
        long seed = Long.getLong("faults.seed", System.nanoTime());
        System.out.printf("seed=%d (repeat with -Dfaults.seed=%d)%n", seed, seed);
        FaultTrials faults = new FaultTrials(jar, sink, seed);
        Path template = work.resolve("template");
        long t0 = System.nanoTime();
        faults.initialise(template);
        System.out.printf(Locale.ROOT, "first start on an empty folder (initdb, Flyway, the engine's schema): %.1f s%n",
                seconds(System.nanoTime() - t0));
        // Each phase comes up once in every six trials, in an order of the seed's.
        List<String> order = new ArrayList<>();
        String chosen = System.getProperty("faults.phases", "");
        while (!chosen.isBlank() && order.size() < trials) {
            order.addAll(List.of(chosen.split(",")));
        }
        while (order.size() < trials) {
            List<String> round = new ArrayList<>(List.of(PHASES));
            java.util.Collections.shuffle(round, faults.random);
            order.addAll(round);
        }
        int doubles = 0;
        int lost = 0;
        int resent = 0;
        for (int i = 1; i <= trials; i++) {
            long start = System.nanoTime();
            Outcome outcome;
            try {
                outcome = faults.trial(i, order.get(i - 1), template, work.resolve("trial-" + i));
            } catch (Exception e) {
                System.out.printf("trial %d: FAILED to run: %s%n", i, e);
                e.printStackTrace(System.err);
                outcome = new Outcome(0, 1, 0, List.of("the trial could not run: " + e.getMessage()));
            }
            doubles += outcome.doubles();
            lost += outcome.lost();
            resent += outcome.resentSameId();
            System.out.printf(Locale.ROOT, "trial %d: %.1f s, doubles=%d lost=%d resent_same_id=%d%s%n", i,
                    seconds(System.nanoTime() - start), outcome.doubles(), outcome.lost(), outcome.resentSameId(),
                    outcome.findings().isEmpty() ? "" : "\n    " + String.join("\n    ", outcome.findings()));
        }
        System.out.printf(Locale.ROOT, "resent_same_id=%d (a mail accepted by the SMTP server and sent again under the "
                + "same Message-ID after a kill before its commit; not counted as a double)%n", resent);
        System.out.printf(Locale.ROOT, "all trials: %.1f s%n", seconds(System.nanoTime() - t0));
        System.out.printf("faults trials=%d doubles=%d lost=%d%n", trials, doubles, lost);
        System.exit(doubles == 0 && lost == 0 ? 0 : 1);
    }

    /** A kill at a random moment after a trigger, and the start again on the same folder, in a thread of its own. */
    final class Killer {
        final AppProcess app;
        final String phase;
        volatile String what;
        volatile Thread thread;

        Killer(AppProcess app, String phase) {
            this.app = app;
            this.phase = phase;
        }

        /** Arms the kill when {@code phase} is the trial's: after a random delay of up to {@code maxMillis}. */
        void at(String phase, long minMillis, long maxMillis) {
            if (!phase.equals(this.phase) || thread != null) {
                return;
            }
            long delay = minMillis + (long) (random.nextDouble() * (maxMillis - minMillis));
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(delay);
                    app.kill();
                    what = String.format(Locale.ROOT, "kill -9 during %s, %d ms after its start; %s", phase, delay,
                            state(app));
                    app.start();
                } catch (Exception e) {
                    what = "the kill failed: " + e;
                }
            }, "killer");
            t.setDaemon(true);
            thread = t;
            t.start();
        }

        void awaitRestart() throws Exception {
            if (thread != null) {
                thread.join();
                app.awaitReady();
            }
        }
    }

    /** What the run looked like just after the kill (read from the database the killed application left). */
    private static String state(AppProcess app) {
        if (app.number("select 1") < 0) {
            return "its PostgreSQL went with it";
        }
        return "charges " + app.number("select count(*) from duesflow.charge")
                + ", mails sent " + app.number("select count(*) from duesflow.mail_outbox where status = 'SENT'")
                + ", pain.008 files " + app.number("select count(*) from duesflow.sepa_file")
                + ", bank files " + app.number("select count(*) from duesflow.bank_file")
                + ", vouchers " + app.number("select count(*) from duesflow.voucher");
    }

    // --- the trial ------------------------------------------------------------------------------------------------

    private void initialise(Path template) throws Exception {
        if (Files.exists(template.resolve("postgres/PG_VERSION"))) {
            return; // bench/faults.sh keeps it while the jar is the same
        }
        Files.createDirectories(template);
        AppProcess app = new AppProcess(jar, template, AppProcess.freePort(), 0);
        app.start();
        try {
            app.awaitReady();
        } finally {
            app.stop();
        }
    }

    private Outcome trial(int trial, String phase, Path template, Path dir) throws Exception {
        copy(template, dir);
        Files.deleteIfExists(dir.resolve("app-1.log"));
        try (SmtpSink smtp = new SmtpSink(sink, dir).start()) {
            AppProcess app = new AppProcess(jar, dir, AppProcess.freePort(), smtp.port);
            Killer killer = new Killer(app, phase);
            try {
                app.start();
                app.awaitReady();
                return run(trial, app, killer, smtp);
            } finally {
                app.stop();
            }
        }
    }

    private Outcome run(int trial, AppProcess app, Killer killer, SmtpSink smtp) throws Exception {
        // set up before any kill
        long runId = MONTH.createRun(app, "Trial " + trial);
        Path smtpLog = smtp.log;

        // --- generate, approve, send: driven again after a kill until the run is sent ------------------------------
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean generateSent = false;
        boolean approveSent = false;
        int expectedCharges = MEMBERS * MONTHS;
        while (true) {
            if (System.nanoTime() > deadline) {
                return checked(app, runId, smtpLog, killer, List.of(), "the run was not sent within " + PATIENCE
                        + " (state " + MonthTrial.runState(app, runId) + ")");
            }
            if (MonthTrial.sentAndCollected(app, runId)) {
                break;
            }
            if (!generateSent && MonthTrial.waiting(app, runId, "CheckPreview")) {
                try {
                    app.json("POST", "/api/billing/runs/" + runId + "/generate", null, 202);
                    generateSent = true;
                    killer.at("generation", 0, 1500);
                } catch (IOException e) {
                    // down: tried again
                }
            } else if (!approveSent && MonthTrial.waiting(app, runId, "ApproveRun")) {
                try {
                    app.json("POST", "/api/billing/runs/" + runId + "/approve", Map.of(), 200);
                    approveSent = true;
                    killer.at("approval", 0, 800);
                } catch (IOException e) {
                    // down: tried again
                }
            }
            long received = smtp.received();
            if (received > 0) {
                killer.at("mail", 0, 600);
            }
            if (received >= expectedCharges) {
                killer.at("pain008", 0, 1500);
            }
            Thread.sleep(100);
        }
        // A phase after the run's sending whose kill has not come yet waits for it to be over first.
        if (killer.thread != null) {
            killer.awaitRestart();
        }

        // --- the statement: two thirds of the invoiced charges paid by their RF reference ---------------------------
        List<Map<String, Object>> paid = MonthTrial.toBePaid(app, runId);
        Path inbox = app.dir.resolve("bank/inbox");
        MonthTrial.dropStatement(inbox, trial, paid);
        killer.at("camt-import", 300, 2500);
        long statementDeadline = System.nanoTime() + PATIENCE.toNanos();
        String notBooked = null;
        while (true) {
            long files = app.number("select count(*) from duesflow.bank_file");
            // The payments' postings are booked in the import's own transaction: the moment to kill is while the
            // inbox holds the file under its read lock (being imported), else just after the import's commit.
            if (files >= 1 || Files.exists(inbox.resolve("statement-" + trial + ".xml.camelLock"))) {
                killer.at("ledger-posting", 0, 150);
            }
            long payments = app.number("select count(*) from duesflow.payment");
            if (files >= 1 && payments >= paid.size() && killer.thread != null && !killer.thread.isAlive()
                    && app.ready()) {
                break;
            }
            if (files >= 1 && payments >= paid.size() && killer.thread == null) {
                break;
            }
            if (System.nanoTime() > statementDeadline) {
                notBooked = "the statement was not booked within " + PATIENCE + " (bank files " + files
                        + ", payments " + payments + " of " + paid.size() + ")";
                break;
            }
            Thread.sleep(100);
        }
        killer.awaitRestart();
        // Whatever a restart may still do (a resent mail, a file placed again) has its chance before the count.
        Thread.sleep(3000);
        return checked(app, runId, smtpLog, killer, paid, notBooked);
    }

    // --- the checks -----------------------------------------------------------------------------------------------

    private Outcome checked(AppProcess app, long runId, Path smtpLog, Killer killer, List<Map<String, Object>> paid,
                            String problem) throws Exception {
        List<String> findings = new ArrayList<>();
        if (killer.what != null) {
            findings.add(killer.what);
        } else {
            findings.add("no kill: the " + killer.phase + " phase was over before its moment");
        }
        if (problem != null) {
            findings.add("PROBLEM: " + problem);
        }
        Outcome outcome = MONTH.check(app, app.dir.resolve("bank/outbox"), runId, smtpLog, paid, findings);
        findings.add(app.starts.get() + " starts");
        return outcome;
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static void copy(Path from, Path to) throws IOException, InterruptedException {
        if (Files.exists(to)) {
            new ProcessBuilder("rm", "-rf", to.toString()).inheritIO().start().waitFor();
        }
        int status = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IOException("cp -a " + from + " " + to + " failed");
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

}
