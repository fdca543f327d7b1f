-- The change feed is append-only and written only by the engine, inside the run it names and for the
-- partner that run belongs to. Its two foreign keys checked that per row with a trigger: on a first
-- sync that is two look-ups for each of hundreds of thousands of `created` rows, and they doubled the
-- cost of writing them (400,000 rows: 11.8 s with the checks, 5.3 s without, same server). Purging a
-- connection or a partner deletes its changes explicitly (sync/store/purge.ts, tenants/partners.ts).
alter table changes drop constraint changes_run_id_fkey;
alter table changes drop constraint changes_timing_partner_id_fkey;
