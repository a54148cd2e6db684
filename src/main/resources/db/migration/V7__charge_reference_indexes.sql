-- Deleting a run's drafts (reject, expire) checks every deleted charge against the charges that point at it:
-- without these indexes that is a scan of the whole table per deleted charge.
create index charge_credits_idx on charge (credits_charge_id) where credits_charge_id is not null;
create index charge_carried_into_idx on charge (carried_into_charge_id) where carried_into_charge_id is not null;
