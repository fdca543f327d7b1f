-- The hash of a participant's canonical fields alone (content_hash also covers its raw payload), so a
-- change of the raw payload only (a scoring provider's athlete carries its times) is stored without
-- an `updated` change that has nothing to say. Null for rows stored before: the next change of such a
-- row is reported as before.
alter table participants add column fields_hash text;
