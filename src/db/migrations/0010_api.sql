-- The HTTP surface (`p88 serve`): API tokens, manual sync requests, worker heartbeats, alert webhooks,
-- and two read-path guarantees for the API (a keyset index, and a change feed in commit order).

-- A token is shown once; only its SHA-256 is kept (tokens are 32 random bytes, so a slow hash adds
-- nothing). Partner tokens read (and with 'trigger' operate) their partner's data; admin tokens have no
-- partner and see every one.
create table api_tokens (
  id                 bigserial primary key,
  timing_partner_id  bigint references timing_partners(id),
  scope              text not null check (scope in ('read', 'trigger', 'admin')),
  name               text,
  token_hash         text not null unique,
  token_prefix       text not null,
  created_at         timestamptz not null default now(),
  last_used_at       timestamptz,
  revoked_at         timestamptz,
  check ((scope = 'admin') = (timing_partner_id is null))
);
create index api_tokens_partner on api_tokens (timing_partner_id);

-- `POST /v1/syncs`: a request makes its target due now and is answered by the target's next run (the
-- first with an id above `after_run_id`), or by the run already going when it came (`run_id`).
create table sync_requests (
  id                 bigserial primary key,
  timing_partner_id  bigint not null references timing_partners(id),
  target_id          bigint not null references sync_targets(id),
  token_id           bigint references api_tokens(id),
  idempotency_key    text,
  request_hash       text not null,
  full_read          boolean not null default false,
  after_run_id       bigint not null default 0,
  run_id             bigint references sync_runs(id),
  requested_at       timestamptz not null default now()
);
create unique index sync_requests_idempotency on sync_requests (token_id, idempotency_key) where idempotency_key is not null;
create index sync_requests_target on sync_requests (target_id, id desc);

-- Every scheduler loop (`p88 worker`, `p88 serve --with-worker`) beats here; /readyz reads it.
create table worker_heartbeats (
  holder       text primary key,
  host         text not null,
  pid          int not null,
  concurrency  int not null,
  started_at   timestamptz not null default now(),
  beat_at      timestamptz not null default now()
);

-- Alert webhooks: `events` null means every alert kind; `timing_partner_id` null means every partner.
-- The signing secret is sealed with the hub's secret key (it must be read back to sign).
create table webhooks (
  id                 bigserial primary key,
  url                text not null,
  timing_partner_id  bigint references timing_partners(id),
  events             text[],
  secret_ciphertext  text not null,
  created_at         timestamptz not null default now(),
  removed_at         timestamptz
);

-- One delivery per (webhook, alert); `attempts` rows record every try.
create table webhook_deliveries (
  id               bigserial primary key,
  webhook_id       bigint not null references webhooks(id),
  alert_id         bigint not null references alerts(id),
  status           text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts         int not null default 0,
  next_attempt_at  timestamptz not null default now(),
  delivered_at     timestamptz,
  last_error       text,
  created_at       timestamptz not null default now(),
  unique (webhook_id, alert_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

create table webhook_attempts (
  id            bigserial primary key,
  delivery_id   bigint not null references webhook_deliveries(id),
  attempted_at  timestamptz not null default now(),
  status_code   int,
  error         text,
  duration_ms   int not null
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, id);

create index alerts_undelivered on alerts (created_at) where delivered_at is null;

-- `GET /v1/participants?race_id=` pages a race in participant_id order.
create index participants_race_key on participants (race_id, id) where deleted_at is null;

-- The change feed is read by id (`after=`). Two transactions may take ids in one order and commit in the
-- other, and a reader between the commits would step past the lower id for good. So a transaction takes
-- this lock before its first change row gets its id and holds it to commit: ids become visible in order.
-- (Statement-level BEFORE triggers fire before any row's defaults are evaluated.)
create function changes_in_commit_order() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(880089);
  return null;
end $$;
create trigger changes_in_commit_order before insert on changes
  for each statement execute function changes_in_commit_order();
