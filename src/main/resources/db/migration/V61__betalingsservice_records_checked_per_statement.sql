-- Reading a 0602 of 100 000 payments writes a betalingsservice_record per record; its foreign key to the information
-- delivery ran one lookup and row lock per row (100 000 of them, all for the same one delivery). The same rule,
-- checked once per statement as a delivery's payments are (V60): every record names an information delivery that
-- exists, which is locked for key share as the foreign key locked it, and none is removed while records name it.
alter table betalingsservice_record drop constraint betalingsservice_record_information_id_fkey;

-- EXECUTE, so each statement is planned with its own row counts (see V52).
create function betalingsservice_records_checked() returns trigger
    language plpgsql as
$$
declare
    missing bigint;
begin
    execute $sql$
        select n.information_id from (select distinct information_id from new_records) n
        where not exists (select 1 from duesflow.betalingsservice_information i where i.id = n.information_id)
        limit 1
    $sql$ into missing;
    if missing is not null then
        raise exception 'A Betalingsservice record names information delivery %, which does not exist', missing
            using errcode = '23503';
    end if;
    execute $sql$
        select 1 from duesflow.betalingsservice_information i
        where i.id in (select distinct information_id from new_records)
        for key share
    $sql$;
    return null;
end
$$;

create trigger betalingsservice_records_checked
    after insert on betalingsservice_record
    referencing new table as new_records
    for each statement
execute function betalingsservice_records_checked();

-- A record's delivery is history: never changed once written (V53's rule for bank rows).
create trigger betalingsservice_record_information_never_changes
    before update of information_id on betalingsservice_record
    for each row
    when (old.information_id is distinct from new.information_id)
execute function bank_reference_never_changes('information_id');

create function betalingsservice_information_kept() returns trigger
    language plpgsql as
$$
begin
    if exists (select 1 from duesflow.betalingsservice_record r join gone_information g on g.id = r.information_id) then
        raise exception 'A Betalingsservice information delivery with records cannot be removed'
            using errcode = '23503';
    end if;
    return null;
end
$$;

create trigger betalingsservice_information_kept
    after delete on betalingsservice_information
    referencing old table as gone_information
    for each statement
execute function betalingsservice_information_kept();

-- Written with every payment a delivery records and read by no query: a run's payments are found through its
-- deliveries (betalingsservice_delivery_run_idx, then betalingsservice_payment_delivery_idx).
drop index betalingsservice_payment_run_idx;
