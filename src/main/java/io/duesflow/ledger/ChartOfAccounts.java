package io.duesflow.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chart of accounts a treasurer keeps. Which account plays which part has one home each: the four accounts
 * billing stamps on charge lines (dues owed, dues income, fees, bank) are the association's settings
 * ({@code PUT /api/association}), because billing, which sits below the ledger, must read them; the accounts only
 * the ledger books to (collection clearing, member credit, bank charges, rounding) are roles on the chart's
 * accounts. The chart shows both, and refuses to deactivate or delete an account that plays a part.
 */
@Service
@Transactional
class ChartOfAccounts {

    private static final Pattern NUMBER = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.-]{0,19}");

    /** An account as the chart shows it, with the parts it plays. */
    record AccountView(String number, Integer version, String name, Account.Type type, Account.Role role,
                       boolean active, List<String> associationSettings) {
    }

    /** What a treasurer sends to open or change an account. */
    record AccountInput(String number, Integer version, String name, Account.Type type, Account.Role role,
                        Boolean active) {
    }

    private final AccountRepository accounts;
    private final MemberRegister register;
    private final JdbcClient jdbc;

    ChartOfAccounts(AccountRepository accounts, MemberRegister register, JdbcClient jdbc) {
        this.accounts = accounts;
        this.register = register;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    List<AccountView> all() {
        Map<String, List<String>> settings = associationSettings(register.association());
        return accounts.findAll().stream()
                .sorted((a, b) -> a.number().compareTo(b.number()))
                .map(account -> view(account, settings)).toList();
    }

    @Transactional(readOnly = true)
    AccountView account(String number) {
        return view(find(number), associationSettings(register.association()));
    }

    AccountView open(AccountInput input) {
        String number = input.number() == null ? null : input.number().trim();
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new InvalidInput("number", "An account number is 1 to 20 letters, digits, '.' or '-' "
                    + "(e.g. 3010), not '" + input.number() + "'");
        }
        if (accounts.existsById(number)) {
            throw new Conflict("number", "Account " + number + " is in the chart already");
        }
        requireRoleFree(input.role(), number);
        Account opened = accounts.save(new Account(number, null, name(input.name()), type(input.type()), input.role(),
                input.active() == null || input.active(), null, null, null, null));
        return account(opened.number());
    }

    AccountView change(String number, AccountInput input) {
        Account stored = find(number);
        if (input.version() == null) {
            throw new InvalidInput("version", "Send the version you read, so a change made since is not overwritten");
        }
        Account.Type type = type(input.type());
        boolean active = input.active() == null ? stored.active() : input.active();
        if (type != stored.type() && hasPostings(number)) {
            throw new Conflict("type", "Account " + number + " has postings as " + stored.type()
                    + "; its type can no longer change (open a new account and book the balance over)");
        }
        requireRoleFree(input.role(), number);
        if (!active && stored.active()) {
            requirePlaysNoPart(number, input.role(), "deactivate");
        }
        accounts.save(stored.changed(input.version(), name(input.name()), type, input.role(), active));
        return account(number);
    }

    void delete(String number) {
        Account stored = find(number);
        requirePlaysNoPart(number, stored.role(), "delete");
        if (hasPostings(number)) {
            throw new Conflict("number", "Account " + number + " has postings; it can be deactivated, not deleted");
        }
        accounts.delete(stored);
    }

    /** Every account by number, active or not. */
    @Transactional(readOnly = true)
    Map<String, Account> byNumber() {
        Map<String, Account> all = new LinkedHashMap<>();
        accounts.findAll().forEach(account -> all.put(account.number(), account));
        return all;
    }

    /** The receivables account of the association's settings: what members owe on their charges. */
    @Transactional(readOnly = true)
    String duesOwed() {
        return register.association().receivablesAccount();
    }

    /** The bank account of the association's settings: what the bank holds (payments in, returns and charges out). */
    @Transactional(readOnly = true)
    String bank() {
        return register.association().bankAccount();
    }

    /** The account playing {@code role}, or null when the treasurer gave that role to none. */
    @Transactional(readOnly = true)
    String withRole(Account.Role role) {
        return accounts.findByRole(role).map(Account::number).orElse(null);
    }

    private void requireRoleFree(Account.Role role, String number) {
        if (role == null) {
            return;
        }
        accounts.findByRole(role).filter(holder -> !holder.number().equals(number)).ifPresent(holder -> {
            throw new Conflict("role", "Account " + holder.number() + " is the " + role + " account; give it "
                    + "another role (or none) first");
        });
    }

    private void requirePlaysNoPart(String number, Account.Role role, String what) {
        if (role != null) {
            throw new Conflict("active", "Account " + number + " is the " + role + " account; give the role to "
                    + "another account before you " + what + " it");
        }
        List<String> settings = associationSettings(register.association()).getOrDefault(number, List.of());
        if (!settings.isEmpty()) {
            throw new Conflict("active", "Account " + number + " is the association's " + String.join(" and ", settings)
                    + " (PUT /api/association); name another account there before you " + what + " it");
        }
    }

    private boolean hasPostings(String number) {
        return jdbc.sql("select exists (select 1 from duesflow.journal_line where account = :number)")
                .param("number", number).query(Boolean.class).single();
    }

    private Account find(String number) {
        return accounts.findById(number).orElseThrow(() -> new NotFound("Account", number));
    }

    private static AccountView view(Account account, Map<String, List<String>> settings) {
        return new AccountView(account.number(), account.version(), account.name(), account.type(), account.role(),
                account.active(), settings.getOrDefault(account.number(), List.of()));
    }

    /** The association's account settings by the account they name. */
    private static Map<String, List<String>> associationSettings(Association association) {
        Map<String, List<String>> named = new LinkedHashMap<>();
        named.computeIfAbsent(association.receivablesAccount(), n -> new ArrayList<>()).add("receivablesAccount");
        named.computeIfAbsent(association.incomeAccount(), n -> new ArrayList<>()).add("incomeAccount");
        named.computeIfAbsent(association.feeAccount(), n -> new ArrayList<>()).add("feeAccount");
        named.computeIfAbsent(association.bankAccount(), n -> new ArrayList<>()).add("bankAccount");
        return named;
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.trim().length() > 100) {
            throw new InvalidInput("name", "An account needs a name of 1 to 100 characters");
        }
        return name.trim();
    }

    private static Account.Type type(Account.Type type) {
        if (type == null) {
            throw new InvalidInput("type", "Choose the account's type: one of " + Arrays.toString(Account.Type.values()));
        }
        return type;
    }
}
