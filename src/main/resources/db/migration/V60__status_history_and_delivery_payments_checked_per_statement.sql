-- Two foreign keys that checked row by row, on the rows a Betalingsservice collection of 100 000 charges writes twice
-- (once when the delivery is recorded, once when its 0602 is booked), are checked once per statement instead, as the
-- journal's lines are (V13). A foreign key runs one lookup and row lock per inserted row: more than half of what
-- writing a charge's status history cost, a third of what recording a delivery's payment cost.

-- The status history is written only by the trigger on charge (V11, V52), from the rows that statement updated: its
-- charges exist by construction, so the check on insert is dropped. What the foreign key also did, removing a
-- charge's history with the charge (a draft run generated again), a statement trigger on charge does.
alter table charge_status_change drop constraint charge_status_change_charge_id_fkey;

create function charge_status_history_removed() returns trigger
    language plpgsql as
$$
begin
    delete from duesflow.charge_status_change h using gone_rows g where h.charge_id = g.id;
    return null;
end
$$;

create trigger charge_status_history_removed
    after delete on charge
    referencing old table as gone_rows
    for each statement
execute function charge_status_history_removed();

-- A delivery's payments name their delivery: checked once per statement, and the deliveries locked for share as the
-- foreign key locked them, so none can go while the payments are written.
alter table betalingsservice_payment drop constraint betalingsservice_payment_delivery_row_id_fkey;

create function betalingsservice_payments_checked() returns trigger
    language plpgsql as
$$
declare
    missing bigint;
begin
    select n.delivery_row_id into missing
    from (select distinct delivery_row_id from new_payments) n
             left join duesflow.betalingsservice_delivery d on d.id = n.delivery_row_id
    where d.id is null
    limit 1;
    if found then
        raise exception 'A Betalingsservice payment names delivery row %, which does not exist', missing
            using errcode = '23503';
    end if;
    perform 1 from duesflow.betalingsservice_delivery d
    where d.id in (select distinct delivery_row_id from new_payments)
    for key share;
    return null;
end
$$;

create trigger betalingsservice_payments_checked
    after insert on betalingsservice_payment
    referencing new table as new_payments
    for each statement
execute function betalingsservice_payments_checked();

-- And a delivery with payments is never removed underneath them.
create function betalingsservice_delivery_kept() returns trigger
    language plpgsql as
$$
begin
    if exists (select 1 from duesflow.betalingsservice_payment p join gone_deliveries g on g.id = p.delivery_row_id) then
        raise exception 'A Betalingsservice delivery with payments cannot be removed' using errcode = '23503';
    end if;
    return null;
end
$$;

create trigger betalingsservice_delivery_kept
    after delete on betalingsservice_delivery
    referencing old table as gone_deliveries
    for each statement
execute function betalingsservice_delivery_kept();
