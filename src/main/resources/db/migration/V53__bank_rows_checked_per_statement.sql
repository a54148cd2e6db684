-- A bank statement of 100 000 credits writes 100 000 bank_transaction rows and about as many payments in a handful of
-- statements; their foreign keys checked every row on its own (an SPI query and a row lock each: 200 000 of them,
-- seconds of the import). The same rules, checked once per statement as journal_line's are (V13): a transaction row
-- names a bank file that exists, a payment from the bank names a transaction row that exists, and neither can be
-- removed (below).
-- Neither reference ever changes once written (the file's rows and a payment's origin are history), so an update of
-- it is refused outright instead of checked.
alter table bank_transaction drop constraint bank_transaction_bank_file_id_fkey;
alter table payment drop constraint payment_bank_transaction_id_fkey;

-- EXECUTE, so each statement is planned with its own row counts (see V52): a hash anti-join, not a nested loop.
create function bank_transactions_checked() returns trigger
    language plpgsql as
$$
declare
    missing bigint;
begin
    execute $sql$
        select n.bank_file_id from new_rows n
        where not exists (select 1 from duesflow.bank_file f where f.id = n.bank_file_id) limit 1
    $sql$ into missing;
    if missing is not null then
        raise exception 'insert on table "bank_transaction" violates foreign key: bank_file_id % is no bank file',
            missing using errcode = '23503';
    end if;
    return null;
end
$$;
create trigger bank_transactions_checked
    after insert on bank_transaction
    referencing new table as new_rows
    for each statement
execute function bank_transactions_checked();

create function payments_checked() returns trigger
    language plpgsql as
$$
declare
    missing bigint;
begin
    execute $sql$
        select n.bank_transaction_id from new_rows n
        where n.bank_transaction_id is not null
          and not exists (select 1 from duesflow.bank_transaction t where t.id = n.bank_transaction_id) limit 1
    $sql$ into missing;
    if missing is not null then
        raise exception 'insert on table "payment" violates foreign key: bank_transaction_id % is no bank transaction',
            missing using errcode = '23503';
    end if;
    return null;
end
$$;
create trigger payments_checked
    after insert on payment
    referencing new table as new_rows
    for each statement
execute function payments_checked();

create function bank_reference_never_changes() returns trigger
    language plpgsql as
$$
begin
    raise exception '%.% is never changed once written (id %)', tg_table_name, tg_argv[0], old.id
        using errcode = '23503';
end
$$;
create trigger bank_transaction_file_never_changes
    before update of bank_file_id on bank_transaction
    for each row
    when (old.bank_file_id is distinct from new.bank_file_id)
execute function bank_reference_never_changes('bank_file_id');
create trigger payment_transaction_never_changes
    before update of bank_transaction_id on payment
    for each row
    when (old.bank_transaction_id is distinct from new.bank_transaction_id)
execute function bank_reference_never_changes('bank_transaction_id');
create trigger bank_file_id_never_changes
    before update of id on bank_file
    for each row
    when (old.id is distinct from new.id)
execute function bank_reference_never_changes('id');
create trigger bank_transaction_id_never_changes
    before update of id on bank_transaction
    for each row
    when (old.id is distinct from new.id)
execute function bank_reference_never_changes('id');

-- What the foreign keys refused on the parent's side, made plain: a bank file and its rows are the record of what the
-- bank reported and are never removed (a refused import rolls back instead), so no row a payment or another row
-- names can disappear under it, and the checks above need no lock on it.
create function bank_record_never_removed() returns trigger
    language plpgsql as
$$
begin
    raise exception '% is never removed: it is the record of what the bank reported', tg_table_name
        using errcode = '23503';
end
$$;
create trigger bank_file_never_removed before delete on bank_file
    for each statement execute function bank_record_never_removed();
create trigger bank_file_never_truncated before truncate on bank_file
    for each statement execute function bank_record_never_removed();
create trigger bank_transaction_never_removed before delete on bank_transaction
    for each statement execute function bank_record_never_removed();
create trigger bank_transaction_never_truncated before truncate on bank_transaction
    for each statement execute function bank_record_never_removed();
