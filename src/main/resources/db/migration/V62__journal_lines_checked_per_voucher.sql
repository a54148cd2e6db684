-- The journal's statement check (V13) looked up the voucher of every line it was given: a COPY of 20 000 lines, all
-- of one voucher, ran 20 000 index lookups of the same voucher row (a Betalingsservice delivery of 100 000 payments
-- and its 0602 book 400 000 lines). The same rules, checked once per voucher and booking date of the statement's
-- lines: the voucher exists, was opened in this transaction, and is booked on the lines' date. The line named in an
-- error is the first of the lines that break the rule. The account check is unchanged.
create or replace function journal_lines_checked() returns trigger
    language plpgsql as
$$
declare
    bad    record;
    wanted text[];
    usable int;
begin
    select n.voucher_id, n.line, v.id as voucher, v.created_tx, v.booked_on, n.booked_on as line_booked_on
    into bad
    from (select voucher_id, booked_on, min(line) as line from new_lines group by voucher_id, booked_on) n
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
