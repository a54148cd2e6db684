-- The ledger (ledger/): the chart of accounts, the journal of vouchers, closed months.
--
-- The database keeps the journal's rules itself, whoever writes to it (the application, a script, psql):
--   * a voucher's lines balance (debit = credit) when its transaction commits, and it has at least two;
--   * vouchers are numbered 1, 2, 3 … per year with no gaps;
--   * nothing booked is ever changed or removed: a correction is a new voucher;
--   * lines go only onto a voucher written in the same transaction, to an account in the chart that is active;
--   * nothing is booked into a closed month, and a closed month stays closed;
--   * an account with postings cannot be deleted.

-- What the ledger itself books to, beyond the accounts the association's settings name (receivables = dues owed,
-- income, fees, bank: members/Association, which billing stamps on charge lines).
create table ledger_account
(
    number     text primary key check (number ~ '^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$'),
    name       text        not null check (length(btrim(name)) between 1 and 100),
    type       text        not null check (type in ('ASSET', 'LIABILITY', 'EQUITY', 'INCOME', 'EXPENSE')),
    role       text unique check (role in ('COLLECTION_CLEARING', 'MEMBER_CREDIT', 'BANK_CHARGES', 'ROUNDING')),
    active     boolean     not null default true,
    version    int         not null,
    created_at timestamptz not null,
    created_by text        not null,
    updated_at timestamptz not null,
    updated_by text        not null
);

-- The default chart. Its numbers are the association's default account settings (V2: bank 1000, receivables 1100,
-- income 3000, fees 3900), so a fresh installation books to accounts that exist.
insert into ledger_account (number, name, type, role, version, created_at, created_by, updated_at, updated_by)
values ('1000', 'Bank', 'ASSET', null, 0, now(), 'system', now(), 'system'),
       ('1100', 'Dues owed', 'ASSET', null, 0, now(), 'system', now(), 'system'),
       ('1150', 'Direct debits in collection', 'ASSET', 'COLLECTION_CLEARING', 0, now(), 'system', now(), 'system'),
       ('2100', 'Member credit', 'LIABILITY', 'MEMBER_CREDIT', 0, now(), 'system', now(), 'system'),
       ('2900', 'Equity', 'EQUITY', null, 0, now(), 'system', now(), 'system'),
       ('3000', 'Dues', 'INCOME', null, 0, now(), 'system', now(), 'system'),
       ('3100', 'Courses and activities', 'INCOME', null, 0, now(), 'system', now(), 'system'),
       ('3900', 'Fees', 'INCOME', null, 0, now(), 'system', now(), 'system'),
       ('3910', 'Suspension fees', 'INCOME', null, 0, now(), 'system', now(), 'system'),
       ('7800', 'Bank charges', 'EXPENSE', 'BANK_CHARGES', 0, now(), 'system', now(), 'system'),
       ('7900', 'Rounding', 'EXPENSE', 'ROUNDING', 0, now(), 'system', now(), 'system');

-- Months closed by a treasurer: every day up to and including closed_through is closed. Each closing moves the date
-- on; none is ever taken back.
create table ledger_close
(
    closed_through date primary key,
    closed_at      timestamptz not null,
    closed_by      text        not null
);

-- source + source_key name what caused the voucher (RUN_APPROVED + the run, CREDIT_NOTE + the note, …): a retried
-- step meets this key and books nothing twice.
create table voucher
(
    id         bigint generated always as identity primary key,
    year       int         not null,
    number     int         not null check (number > 0),
    booked_on  date        not null check (extract(year from booked_on) = year),
    dated_on   date        not null check (dated_on <= booked_on),
    text       text        not null,
    note       text,
    source     text        not null,
    source_key text        not null,
    created_at timestamptz not null,
    created_by text        not null,
    created_tx bigint      not null,
    unique (year, number),
    unique (source, source_key)
);

-- One signed amount per line: debit positive, credit negative. booked_on repeats the voucher's, so a report by date
-- and account reads lines alone. charge_id and member_number say whose amount it is (billing's charge; no foreign
-- key into another room's table).
create table journal_line
(
    voucher_id    bigint         not null,
    line          int            not null check (line > 0),
    booked_on     date           not null,
    account       text           not null,
    amount        numeric(14, 2) not null check (amount <> 0),
    text          text           not null,
    member_number bigint,
    charge_id     bigint,
    primary key (voucher_id, line)
);
create index journal_line_account_idx on journal_line (account, booked_on);
create index journal_line_member_idx on journal_line (member_number, booked_on) where member_number is not null;

-- --- the rules -------------------------------------------------------------------------------------------------

create function voucher_opened() returns trigger
    language plpgsql as
$$
declare
    closed date;
begin
    new.created_tx := txid_current();
    select max(closed_through) into closed from duesflow.ledger_close;
    if new.booked_on <= closed then
        raise exception 'Voucher % of % is booked on %, in a month that is closed (closed through %)',
            new.number, new.year, new.booked_on, closed using errcode = '23514';
    end if;
    return new;
end
$$;
create trigger voucher_opened
    before insert on voucher
    for each row
execute function voucher_opened();

-- Checked at commit, once per voucher (a run's approval is one voucher of 200 000 lines: one check).
create function voucher_balances() returns trigger
    language plpgsql as
$$
declare
    lines   int;
    balance numeric;
begin
    select count(*), coalesce(sum(amount), 0) into lines, balance from duesflow.journal_line where voucher_id = new.id;
    if lines < 2 or balance <> 0 then
        raise exception 'Voucher % of % does not balance: % lines, debit minus credit is %',
            new.number, new.year, lines, balance using errcode = '23514';
    end if;
    if new.number > 1 and not exists (select 1 from duesflow.voucher v
                                      where v.year = new.year and v.number = new.number - 1) then
        raise exception 'Voucher % of % leaves a gap: there is no voucher % of %',
            new.number, new.year, new.number - 1, new.year using errcode = '23514';
    end if;
    return null;
end
$$;
create constraint trigger voucher_balances
    after insert on voucher
    deferrable initially deferred
    for each row
execute function voucher_balances();

-- Once per statement, whatever its size: a foreign key would check row by row (about 3 s of a 100 000-charge
-- approval). The accounts are locked for share, as a foreign key would lock them, so an account cannot be deleted or
-- deactivated while a transaction books to it.
create function journal_lines_checked() returns trigger
    language plpgsql as
$$
declare
    bad    record;
    wanted text[];
    usable int;
begin
    select n.voucher_id, n.line, v.id as voucher, v.created_tx, v.booked_on, n.booked_on as line_booked_on
    into bad
    from new_lines n
             left join duesflow.voucher v on v.id = n.voucher_id
    where v.id is null or v.created_tx <> txid_current() or v.booked_on <> n.booked_on
    limit 1;
    if found then
        if bad.voucher is null then
            raise exception 'Journal line % names voucher id %, which does not exist', bad.line, bad.voucher_id
                using errcode = '23503';
        elsif bad.created_tx <> txid_current() then
            raise exception 'Voucher id % is booked already; a correction is a new voucher, never more lines on an old one',
                bad.voucher_id using errcode = '23514';
        else
            raise exception 'Journal line % is dated %, its voucher %', bad.line, bad.line_booked_on, bad.booked_on
                using errcode = '23514';
        end if;
    end if;
    select array_agg(distinct account) into wanted from new_lines;
    select count(*) into usable
    from (select 1 from duesflow.ledger_account where number = any (wanted) and active for share) a;
    if usable < cardinality(wanted) then
        select w into bad from unnest(wanted) w
        where not exists (select 1 from duesflow.ledger_account a where a.number = w and a.active) limit 1;
        raise exception 'Account % is not an active account of the chart', bad.w using errcode = '23503';
    end if;
    return null;
end
$$;
create trigger journal_lines_checked
    after insert on journal_line
    referencing new table as new_lines
    for each statement
execute function journal_lines_checked();

create function ledger_never_changes() returns trigger
    language plpgsql as
$$
begin
    raise exception '% is never changed or removed: book a correction as a new voucher', tg_table_name
        using errcode = '23514';
end
$$;
do
$$
    declare
        booked text;
    begin
        foreach booked in array array ['voucher', 'journal_line', 'ledger_close']
            loop
                execute format('create trigger %1$s_never_changes before update or delete on duesflow.%1$I '
                                   || 'for each row execute function duesflow.ledger_never_changes()', booked);
                execute format('create trigger %1$s_never_truncated before truncate on duesflow.%1$I '
                                   || 'for each statement execute function duesflow.ledger_never_changes()', booked);
            end loop;
    end
$$;

create function ledger_account_kept() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'UPDATE' and new.number = old.number then
        return new;
    end if;
    if exists (select 1 from duesflow.journal_line where account = old.number) then
        raise exception 'Account % has postings; it can be deactivated, not %', old.number,
            case when tg_op = 'DELETE' then 'deleted' else 'renumbered' end using errcode = '23503';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger ledger_account_kept
    before update or delete on ledger_account
    for each row
execute function ledger_account_kept();
