-- "Dupliceren geavanceerd": a template run whose lines are copied from an existing charge, for a group, a selection
-- of members, or the members a criteria expression selects.
alter table billing_run add column target_members text; -- member numbers joined with |
alter table billing_run add column target_criteria text;
alter table billing_run add column model_charge_id bigint references charge (id);
