
CREATE FUNCTION public.changes_in_commit_order() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  perform pg_advisory_xact_lock(880089);
  return null;
end $$;

CREATE TABLE public.alerts (
    id bigint NOT NULL,
    timing_partner_id bigint,
    connection_id bigint,
    target_id bigint,
    kind text NOT NULL,
    message text NOT NULL,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    delivered_at timestamp with time zone,
    resolved_at timestamp with time zone
);

CREATE SEQUENCE public.alerts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.alerts_id_seq OWNED BY public.alerts.id;

CREATE TABLE public.api_tokens (
    id bigint NOT NULL,
    timing_partner_id bigint,
    scope text NOT NULL,
    name text,
    token_hash text NOT NULL,
    token_prefix text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT api_tokens_check CHECK (((scope = 'admin'::text) = (timing_partner_id IS NULL))),
    CONSTRAINT api_tokens_scope_check CHECK ((scope = ANY (ARRAY['read'::text, 'trigger'::text, 'admin'::text])))
);

CREATE SEQUENCE public.api_tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.api_tokens_id_seq OWNED BY public.api_tokens.id;

CREATE TABLE public.budgets (
    connection_id bigint NOT NULL,
    capacity double precision NOT NULL,
    refill_per_sec double precision NOT NULL,
    tokens double precision NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    paused_until timestamp with time zone,
    minute_counts integer[] DEFAULT array_fill(0, ARRAY[61]) NOT NULL,
    window_minute bigint DEFAULT 0 NOT NULL,
    reserve_share double precision DEFAULT 0.3 NOT NULL,
    spent_total bigint DEFAULT 0 NOT NULL,
    race_day_counts integer[] DEFAULT array_fill(0, ARRAY[61]) NOT NULL,
    race_day_need double precision,
    race_day_need_at timestamp with time zone,
    CONSTRAINT budgets_race_day_need_check CHECK ((race_day_need >= (0)::double precision)),
    CONSTRAINT budgets_reserve_share_check CHECK (((reserve_share >= (0)::double precision) AND (reserve_share < (1)::double precision)))
);

CREATE TABLE public.changes (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    run_id bigint,
    entity text NOT NULL,
    entity_id bigint NOT NULL,
    kind text NOT NULL,
    old_values jsonb,
    new_values jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT changes_entity_check CHECK ((entity = ANY (ARRAY['event'::text, 'race'::text, 'participant'::text, 'result'::text]))),
    CONSTRAINT changes_kind_check CHECK ((kind = ANY (ARRAY['created'::text, 'updated'::text, 'deleted'::text, 'bib_assigned'::text, 'bib_changed'::text, 'bib_removed'::text, 'bib_collision'::text, 'result_posted'::text, 'result_corrected'::text])))
);

CREATE SEQUENCE public.changes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.changes_id_seq OWNED BY public.changes.id;

CREATE TABLE public.connections (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    provider text NOT NULL,
    base_url text,
    credentials_ciphertext text NOT NULL,
    key_version integer DEFAULT 1 NOT NULL,
    budget_per_hour integer NOT NULL,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    auth_failures integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    account_fingerprint text,
    auth_url text,
    CONSTRAINT connections_budget_per_hour_check CHECK ((budget_per_hour > 0)),
    CONSTRAINT connections_provider_check CHECK ((provider = ANY (ARRAY['runsignup'::text, 'raceroster'::text, 'haku'::text, 'chronotrack'::text, 'copernico'::text]))),
    CONSTRAINT connections_status_check CHECK ((status = ANY (ARRAY['active'::text, 'paused'::text, 'auth_failed'::text])))
);

CREATE SEQUENCE public.connections_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.connections_id_seq OWNED BY public.connections.id;

CREATE TABLE public.events (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    provider text NOT NULL,
    connection_id bigint NOT NULL,
    provider_event_id text NOT NULL,
    name text NOT NULL,
    start_time timestamp with time zone,
    time_zone text,
    city text,
    region text,
    country text,
    raw jsonb NOT NULL,
    content_hash text NOT NULL,
    first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    provider_modified_at timestamp with time zone,
    deleted_at timestamp with time zone,
    start_time_precision text DEFAULT 'time'::text NOT NULL,
    CONSTRAINT events_start_time_precision_check CHECK ((start_time_precision = ANY (ARRAY['time'::text, 'date'::text])))
);

CREATE SEQUENCE public.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;

CREATE TABLE public.hub_settings (
    key text NOT NULL,
    value jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.participants (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    provider text NOT NULL,
    connection_id bigint NOT NULL,
    event_id bigint NOT NULL,
    race_id bigint NOT NULL,
    provider_participant_id text NOT NULL,
    bib text,
    chip text,
    first_name text,
    last_name text,
    email text,
    gender text,
    birthdate date,
    age integer,
    city text,
    region text,
    country text,
    team_name text,
    amount_paid numeric(12,2),
    registered_at timestamp with time zone,
    raw jsonb NOT NULL,
    content_hash text NOT NULL,
    first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    provider_modified_at timestamp with time zone,
    deleted_at timestamp with time zone,
    provider_version text,
    fields_hash text,
    CONSTRAINT participants_gender_check CHECK ((gender = ANY (ARRAY['M'::text, 'F'::text, 'X'::text])))
);

CREATE SEQUENCE public.participants_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.participants_id_seq OWNED BY public.participants.id;

CREATE TABLE public.provider_tokens (
    connection_id bigint NOT NULL,
    sealed text,
    key_version integer DEFAULT 1 NOT NULL,
    expires_at timestamp with time zone,
    version integer DEFAULT 0 NOT NULL,
    renewing_by text,
    renewing_until timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.publications (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    link_id bigint NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    correction boolean DEFAULT false NOT NULL,
    rows jsonb NOT NULL,
    diff jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    decided_at timestamp with time zone,
    decided_by text,
    published_at timestamp with time zone,
    provider_answer jsonb,
    error text,
    CONSTRAINT publications_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text, 'published'::text, 'failed'::text])))
);

CREATE SEQUENCE public.publications_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.publications_id_seq OWNED BY public.publications.id;

CREATE TABLE public.published_results (
    link_id bigint NOT NULL,
    result_id bigint NOT NULL,
    content_hash text NOT NULL,
    publication_id bigint NOT NULL
);

CREATE TABLE public.push_items (
    link_id bigint NOT NULL,
    participant_id bigint NOT NULL,
    pushed_id text NOT NULL,
    content_hash text NOT NULL,
    status text NOT NULL,
    reason text,
    pushed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT push_items_status_check CHECK ((status = ANY (ARRAY['pushed'::text, 'rejected'::text, 'withdrawn'::text])))
);

CREATE TABLE public.race_links (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    registration_race_id bigint NOT NULL,
    scoring_race_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    removed_at timestamp with time zone,
    published_result_set text,
    CONSTRAINT race_links_check CHECK ((registration_race_id <> scoring_race_id))
);

CREATE SEQUENCE public.race_links_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.race_links_id_seq OWNED BY public.race_links.id;

CREATE TABLE public.races (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    provider text NOT NULL,
    connection_id bigint NOT NULL,
    event_id bigint NOT NULL,
    provider_race_id text NOT NULL,
    name text NOT NULL,
    start_time timestamp with time zone,
    distance text,
    raw jsonb NOT NULL,
    content_hash text NOT NULL,
    first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    provider_modified_at timestamp with time zone,
    deleted_at timestamp with time zone,
    start_time_precision text DEFAULT 'time'::text NOT NULL,
    CONSTRAINT races_start_time_precision_check CHECK ((start_time_precision = ANY (ARRAY['time'::text, 'date'::text])))
);

CREATE SEQUENCE public.races_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.races_id_seq OWNED BY public.races.id;

CREATE TABLE public.rejects (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    provider text NOT NULL,
    target_id bigint,
    run_id bigint,
    reason text NOT NULL,
    raw jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE SEQUENCE public.rejects_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.rejects_id_seq OWNED BY public.rejects.id;

CREATE TABLE public.result_splits (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    provider text NOT NULL,
    connection_id bigint NOT NULL,
    event_id bigint NOT NULL,
    race_id bigint NOT NULL,
    result_id bigint NOT NULL,
    split_name text NOT NULL,
    split_order integer NOT NULL,
    distance_m numeric(10,1),
    clock_time interval,
    chip_time interval,
    first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone
);

CREATE SEQUENCE public.result_splits_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.result_splits_id_seq OWNED BY public.result_splits.id;

CREATE TABLE public.results (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    provider text NOT NULL,
    connection_id bigint NOT NULL,
    event_id bigint NOT NULL,
    race_id bigint NOT NULL,
    result_set text NOT NULL,
    result_set_name text,
    provider_result_id text NOT NULL,
    bib text,
    first_name text,
    last_name text,
    gender text,
    age integer,
    clock_time interval,
    chip_time interval,
    overall_place integer,
    gender_place integer,
    division_place integer,
    division text,
    status text NOT NULL,
    raw jsonb NOT NULL,
    content_hash text NOT NULL,
    first_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    provider_modified_at timestamp with time zone,
    deleted_at timestamp with time zone,
    registration_participant_id bigint,
    match_method text,
    CONSTRAINT results_gender_check CHECK ((gender = ANY (ARRAY['M'::text, 'F'::text, 'X'::text]))),
    CONSTRAINT results_match_method_check CHECK ((match_method = ANY (ARRAY['bib'::text, 'name_birthdate'::text]))),
    CONSTRAINT results_status_check CHECK ((status = ANY (ARRAY['finished'::text, 'dnf'::text, 'dns'::text, 'dq'::text])))
);

CREATE SEQUENCE public.results_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.results_id_seq OWNED BY public.results.id;

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.sync_requests (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    target_id bigint NOT NULL,
    token_id bigint,
    idempotency_key text,
    request_hash text NOT NULL,
    full_read boolean DEFAULT false NOT NULL,
    after_run_id bigint DEFAULT 0 NOT NULL,
    run_id bigint,
    requested_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE SEQUENCE public.sync_requests_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.sync_requests_id_seq OWNED BY public.sync_requests.id;

CREATE TABLE public.sync_runs (
    id bigint NOT NULL,
    target_id bigint NOT NULL,
    mode text NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    dry_run boolean DEFAULT false NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    api_calls integer DEFAULT 0 NOT NULL,
    pages integer DEFAULT 0 NOT NULL,
    created integer DEFAULT 0 NOT NULL,
    updated integer DEFAULT 0 NOT NULL,
    unchanged integer DEFAULT 0 NOT NULL,
    deleted integer DEFAULT 0 NOT NULL,
    rejected integer DEFAULT 0 NOT NULL,
    error_class text,
    error_message text,
    cursor_from jsonb,
    cursor_to jsonb,
    lateness_ms bigint,
    CONSTRAINT sync_runs_mode_check CHECK ((mode = ANY (ARRAY['full'::text, 'incremental'::text, 'full_fallback'::text, 'backfill'::text]))),
    CONSTRAINT sync_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'partial'::text, 'failed'::text])))
);

CREATE SEQUENCE public.sync_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.sync_runs_id_seq OWNED BY public.sync_runs.id;

CREATE TABLE public.sync_targets (
    id bigint NOT NULL,
    timing_partner_id bigint NOT NULL,
    connection_id bigint NOT NULL,
    kind text NOT NULL,
    race_id bigint,
    scope text NOT NULL,
    next_run_at timestamp with time zone,
    priority integer DEFAULT 100 NOT NULL,
    cursor jsonb,
    checkpoint jsonb,
    leased_by text,
    lease_until timestamp with time zone,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    last_success_at timestamp with time zone,
    state text DEFAULT 'active'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    group_key text,
    planned_interval_ms bigint,
    CONSTRAINT sync_targets_kind_check CHECK ((kind = ANY (ARRAY['discovery'::text, 'participants'::text, 'results'::text, 'push'::text, 'publish'::text, 'backfill'::text]))),
    CONSTRAINT sync_targets_planned_interval_ms_check CHECK ((planned_interval_ms > 0)),
    CONSTRAINT sync_targets_state_check CHECK ((state = ANY (ARRAY['active'::text, 'paused'::text, 'done'::text, 'failed'::text])))
);

CREATE SEQUENCE public.sync_targets_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.sync_targets_id_seq OWNED BY public.sync_targets.id;

CREATE TABLE public.timing_partners (
    id bigint NOT NULL,
    name text NOT NULL,
    time_zone text DEFAULT 'America/New_York'::text NOT NULL,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone
);

CREATE SEQUENCE public.timing_partners_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.timing_partners_id_seq OWNED BY public.timing_partners.id;

CREATE VIEW public.unified_events AS
 SELECT e.timing_partner_id,
    e.provider,
    e.id AS event_id,
    e.provider_event_id,
    e.name,
    e.start_time,
    e.time_zone,
    e.city,
    e.region,
    e.country,
    e.updated_at,
    e.start_time_precision
   FROM public.events e
  WHERE (e.deleted_at IS NULL);

CREATE VIEW public.unified_participants AS
 SELECT p.timing_partner_id,
    p.provider,
    p.event_id,
    p.race_id,
    p.id AS participant_id,
    p.provider_participant_id,
    p.bib,
    p.chip,
    p.first_name,
    p.last_name,
    p.email,
    p.gender,
    p.birthdate,
    p.age,
    p.city,
    p.region,
    p.country,
    p.team_name,
    p.amount_paid,
    p.registered_at,
    p.provider_modified_at,
    p.updated_at
   FROM public.participants p
  WHERE (p.deleted_at IS NULL);

CREATE VIEW public.unified_races AS
 SELECT r.timing_partner_id,
    r.provider,
    r.event_id,
    r.id AS race_id,
    r.provider_race_id,
    r.name,
    r.start_time,
    r.distance,
    r.updated_at,
    r.start_time_precision
   FROM public.races r
  WHERE (r.deleted_at IS NULL);

CREATE VIEW public.unified_results AS
 SELECT r.timing_partner_id,
    r.provider,
    r.event_id,
    r.race_id,
    r.result_set,
    ( SELECT p.id
           FROM public.participants p
          WHERE ((p.race_id = r.race_id) AND (p.bib = r.bib) AND (p.deleted_at IS NULL))
          ORDER BY p.id
         LIMIT 1) AS participant_id,
    r.bib,
    r.first_name,
    r.last_name,
    r.gender,
    r.age,
    r.clock_time,
    r.chip_time,
    r.overall_place,
    r.gender_place,
    r.division_place,
    r.division,
    r.status,
    r.updated_at,
    r.id AS result_id,
    r.registration_participant_id,
    r.match_method
   FROM public.results r
  WHERE (r.deleted_at IS NULL);

CREATE VIEW public.unified_splits AS
 SELECT s.timing_partner_id,
    s.provider,
    s.event_id,
    s.race_id,
    r.result_set,
    ( SELECT p.id
           FROM public.participants p
          WHERE ((p.race_id = r.race_id) AND (p.bib = r.bib) AND (p.deleted_at IS NULL))
          ORDER BY p.id
         LIMIT 1) AS participant_id,
    r.bib,
    s.split_name,
    s.split_order,
    s.distance_m,
    s.clock_time,
    s.chip_time,
    s.updated_at,
    s.id AS split_id
   FROM (public.result_splits s
     JOIN public.results r ON ((r.id = s.result_id)))
  WHERE ((s.deleted_at IS NULL) AND (r.deleted_at IS NULL));

CREATE TABLE public.webhook_attempts (
    id bigint NOT NULL,
    delivery_id bigint NOT NULL,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL,
    status_code integer,
    error text,
    duration_ms integer NOT NULL
);

CREATE SEQUENCE public.webhook_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.webhook_attempts_id_seq OWNED BY public.webhook_attempts.id;

CREATE TABLE public.webhook_deliveries (
    id bigint NOT NULL,
    webhook_id bigint NOT NULL,
    alert_id bigint NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    delivered_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'delivered'::text, 'failed'::text])))
);

CREATE SEQUENCE public.webhook_deliveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.webhook_deliveries_id_seq OWNED BY public.webhook_deliveries.id;

CREATE TABLE public.webhooks (
    id bigint NOT NULL,
    url text NOT NULL,
    timing_partner_id bigint,
    events text[],
    secret_ciphertext text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    removed_at timestamp with time zone
);

CREATE SEQUENCE public.webhooks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.webhooks_id_seq OWNED BY public.webhooks.id;

CREATE TABLE public.worker_heartbeats (
    holder text NOT NULL,
    host text NOT NULL,
    pid integer NOT NULL,
    concurrency integer NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    beat_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.alerts ALTER COLUMN id SET DEFAULT nextval('public.alerts_id_seq'::regclass);

ALTER TABLE ONLY public.api_tokens ALTER COLUMN id SET DEFAULT nextval('public.api_tokens_id_seq'::regclass);

ALTER TABLE ONLY public.changes ALTER COLUMN id SET DEFAULT nextval('public.changes_id_seq'::regclass);

ALTER TABLE ONLY public.connections ALTER COLUMN id SET DEFAULT nextval('public.connections_id_seq'::regclass);

ALTER TABLE ONLY public.events ALTER COLUMN id SET DEFAULT nextval('public.events_id_seq'::regclass);

ALTER TABLE ONLY public.participants ALTER COLUMN id SET DEFAULT nextval('public.participants_id_seq'::regclass);

ALTER TABLE ONLY public.publications ALTER COLUMN id SET DEFAULT nextval('public.publications_id_seq'::regclass);

ALTER TABLE ONLY public.race_links ALTER COLUMN id SET DEFAULT nextval('public.race_links_id_seq'::regclass);

ALTER TABLE ONLY public.races ALTER COLUMN id SET DEFAULT nextval('public.races_id_seq'::regclass);

ALTER TABLE ONLY public.rejects ALTER COLUMN id SET DEFAULT nextval('public.rejects_id_seq'::regclass);

ALTER TABLE ONLY public.result_splits ALTER COLUMN id SET DEFAULT nextval('public.result_splits_id_seq'::regclass);

ALTER TABLE ONLY public.results ALTER COLUMN id SET DEFAULT nextval('public.results_id_seq'::regclass);

ALTER TABLE ONLY public.sync_requests ALTER COLUMN id SET DEFAULT nextval('public.sync_requests_id_seq'::regclass);

ALTER TABLE ONLY public.sync_runs ALTER COLUMN id SET DEFAULT nextval('public.sync_runs_id_seq'::regclass);

ALTER TABLE ONLY public.sync_targets ALTER COLUMN id SET DEFAULT nextval('public.sync_targets_id_seq'::regclass);

ALTER TABLE ONLY public.timing_partners ALTER COLUMN id SET DEFAULT nextval('public.timing_partners_id_seq'::regclass);

ALTER TABLE ONLY public.webhook_attempts ALTER COLUMN id SET DEFAULT nextval('public.webhook_attempts_id_seq'::regclass);

ALTER TABLE ONLY public.webhook_deliveries ALTER COLUMN id SET DEFAULT nextval('public.webhook_deliveries_id_seq'::regclass);

ALTER TABLE ONLY public.webhooks ALTER COLUMN id SET DEFAULT nextval('public.webhooks_id_seq'::regclass);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.budgets
    ADD CONSTRAINT budgets_pkey PRIMARY KEY (connection_id);

ALTER TABLE ONLY public.changes
    ADD CONSTRAINT changes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.connections
    ADD CONSTRAINT connections_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_timing_partner_id_provider_provider_event_id_key UNIQUE (timing_partner_id, provider, provider_event_id);

ALTER TABLE ONLY public.hub_settings
    ADD CONSTRAINT hub_settings_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_timing_partner_id_provider_provider_participan_key UNIQUE (timing_partner_id, provider, provider_participant_id);

ALTER TABLE ONLY public.provider_tokens
    ADD CONSTRAINT provider_tokens_pkey PRIMARY KEY (connection_id);

ALTER TABLE ONLY public.publications
    ADD CONSTRAINT publications_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.published_results
    ADD CONSTRAINT published_results_pkey PRIMARY KEY (link_id, result_id);

ALTER TABLE ONLY public.push_items
    ADD CONSTRAINT push_items_pkey PRIMARY KEY (link_id, participant_id);

ALTER TABLE ONLY public.race_links
    ADD CONSTRAINT race_links_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.races
    ADD CONSTRAINT races_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.races
    ADD CONSTRAINT races_timing_partner_id_provider_provider_race_id_key UNIQUE (timing_partner_id, provider, provider_race_id);

ALTER TABLE ONLY public.rejects
    ADD CONSTRAINT rejects_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.result_splits
    ADD CONSTRAINT result_splits_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.result_splits
    ADD CONSTRAINT result_splits_result_id_split_name_key UNIQUE (result_id, split_name);

ALTER TABLE ONLY public.results
    ADD CONSTRAINT results_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.results
    ADD CONSTRAINT results_timing_partner_id_provider_result_set_provider_resu_key UNIQUE (timing_partner_id, provider, result_set, provider_result_id);

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.sync_requests
    ADD CONSTRAINT sync_requests_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.sync_runs
    ADD CONSTRAINT sync_runs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.sync_targets
    ADD CONSTRAINT sync_targets_connection_id_kind_scope_key UNIQUE (connection_id, kind, scope);

ALTER TABLE ONLY public.sync_targets
    ADD CONSTRAINT sync_targets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.timing_partners
    ADD CONSTRAINT timing_partners_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_webhook_id_alert_id_key UNIQUE (webhook_id, alert_id);

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.worker_heartbeats
    ADD CONSTRAINT worker_heartbeats_pkey PRIMARY KEY (holder);

CREATE INDEX alerts_undelivered ON public.alerts USING btree (created_at) WHERE (delivered_at IS NULL);

CREATE INDEX api_tokens_partner ON public.api_tokens USING btree (timing_partner_id);

CREATE INDEX changes_partner ON public.changes USING btree (timing_partner_id, id);

CREATE UNIQUE INDEX connections_one_per_account ON public.connections USING btree (timing_partner_id, provider, account_fingerprint) WHERE ((deleted_at IS NULL) AND (account_fingerprint IS NOT NULL));

CREATE INDEX connections_partner ON public.connections USING btree (timing_partner_id);

CREATE INDEX participants_race ON public.participants USING btree (race_id, provider_participant_id);

CREATE INDEX participants_race_bib ON public.participants USING btree (race_id, bib) WHERE (deleted_at IS NULL);

CREATE INDEX participants_race_key ON public.participants USING btree (race_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX publications_link ON public.publications USING btree (link_id, id);

CREATE UNIQUE INDEX race_links_one ON public.race_links USING btree (registration_race_id, scoring_race_id) WHERE (removed_at IS NULL);

CREATE INDEX race_links_scoring ON public.race_links USING btree (scoring_race_id) WHERE (removed_at IS NULL);

CREATE INDEX races_event ON public.races USING btree (event_id);

CREATE INDEX races_start ON public.races USING btree (start_time);

CREATE INDEX result_splits_race ON public.result_splits USING btree (race_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX results_race ON public.results USING btree (race_id, result_set);

CREATE UNIQUE INDEX sync_requests_idempotency ON public.sync_requests USING btree (token_id, idempotency_key) WHERE (idempotency_key IS NOT NULL);

CREATE INDEX sync_requests_target ON public.sync_requests USING btree (target_id, id DESC);

CREATE UNIQUE INDEX sync_runs_one_active ON public.sync_runs USING btree (target_id) WHERE (status = 'running'::text);

CREATE INDEX sync_runs_target ON public.sync_runs USING btree (target_id, started_at DESC);

CREATE INDEX sync_targets_due ON public.sync_targets USING btree (priority, next_run_at) WHERE (state = 'active'::text);

CREATE INDEX sync_targets_group ON public.sync_targets USING btree (connection_id, group_key) WHERE (group_key IS NOT NULL);

CREATE INDEX webhook_attempts_delivery ON public.webhook_attempts USING btree (delivery_id, id);

CREATE INDEX webhook_deliveries_due ON public.webhook_deliveries USING btree (next_attempt_at) WHERE (status = 'pending'::text);

CREATE TRIGGER changes_in_commit_order BEFORE INSERT ON public.changes FOR EACH STATEMENT EXECUTE FUNCTION public.changes_in_commit_order();

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_target_id_fkey FOREIGN KEY (target_id) REFERENCES public.sync_targets(id);

ALTER TABLE ONLY public.alerts
    ADD CONSTRAINT alerts_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.budgets
    ADD CONSTRAINT budgets_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.connections
    ADD CONSTRAINT connections_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id);

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_race_id_fkey FOREIGN KEY (race_id) REFERENCES public.races(id);

ALTER TABLE ONLY public.participants
    ADD CONSTRAINT participants_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.provider_tokens
    ADD CONSTRAINT provider_tokens_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.publications
    ADD CONSTRAINT publications_link_id_fkey FOREIGN KEY (link_id) REFERENCES public.race_links(id);

ALTER TABLE ONLY public.publications
    ADD CONSTRAINT publications_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.published_results
    ADD CONSTRAINT published_results_link_id_fkey FOREIGN KEY (link_id) REFERENCES public.race_links(id);

ALTER TABLE ONLY public.published_results
    ADD CONSTRAINT published_results_publication_id_fkey FOREIGN KEY (publication_id) REFERENCES public.publications(id);

ALTER TABLE ONLY public.published_results
    ADD CONSTRAINT published_results_result_id_fkey FOREIGN KEY (result_id) REFERENCES public.results(id);

ALTER TABLE ONLY public.push_items
    ADD CONSTRAINT push_items_link_id_fkey FOREIGN KEY (link_id) REFERENCES public.race_links(id);

ALTER TABLE ONLY public.push_items
    ADD CONSTRAINT push_items_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES public.participants(id);

ALTER TABLE ONLY public.race_links
    ADD CONSTRAINT race_links_registration_race_id_fkey FOREIGN KEY (registration_race_id) REFERENCES public.races(id);

ALTER TABLE ONLY public.race_links
    ADD CONSTRAINT race_links_scoring_race_id_fkey FOREIGN KEY (scoring_race_id) REFERENCES public.races(id);

ALTER TABLE ONLY public.race_links
    ADD CONSTRAINT race_links_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.races
    ADD CONSTRAINT races_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.races
    ADD CONSTRAINT races_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id);

ALTER TABLE ONLY public.races
    ADD CONSTRAINT races_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.rejects
    ADD CONSTRAINT rejects_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.sync_runs(id);

ALTER TABLE ONLY public.rejects
    ADD CONSTRAINT rejects_target_id_fkey FOREIGN KEY (target_id) REFERENCES public.sync_targets(id);

ALTER TABLE ONLY public.rejects
    ADD CONSTRAINT rejects_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.result_splits
    ADD CONSTRAINT result_splits_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.result_splits
    ADD CONSTRAINT result_splits_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id);

ALTER TABLE ONLY public.result_splits
    ADD CONSTRAINT result_splits_race_id_fkey FOREIGN KEY (race_id) REFERENCES public.races(id);

ALTER TABLE ONLY public.result_splits
    ADD CONSTRAINT result_splits_result_id_fkey FOREIGN KEY (result_id) REFERENCES public.results(id);

ALTER TABLE ONLY public.result_splits
    ADD CONSTRAINT result_splits_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.results
    ADD CONSTRAINT results_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.results
    ADD CONSTRAINT results_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id);

ALTER TABLE ONLY public.results
    ADD CONSTRAINT results_race_id_fkey FOREIGN KEY (race_id) REFERENCES public.races(id);

ALTER TABLE ONLY public.results
    ADD CONSTRAINT results_registration_participant_id_fkey FOREIGN KEY (registration_participant_id) REFERENCES public.participants(id);

ALTER TABLE ONLY public.results
    ADD CONSTRAINT results_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.sync_requests
    ADD CONSTRAINT sync_requests_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.sync_runs(id);

ALTER TABLE ONLY public.sync_requests
    ADD CONSTRAINT sync_requests_target_id_fkey FOREIGN KEY (target_id) REFERENCES public.sync_targets(id);

ALTER TABLE ONLY public.sync_requests
    ADD CONSTRAINT sync_requests_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.sync_requests
    ADD CONSTRAINT sync_requests_token_id_fkey FOREIGN KEY (token_id) REFERENCES public.api_tokens(id);

ALTER TABLE ONLY public.sync_runs
    ADD CONSTRAINT sync_runs_target_id_fkey FOREIGN KEY (target_id) REFERENCES public.sync_targets(id);

ALTER TABLE ONLY public.sync_targets
    ADD CONSTRAINT sync_targets_connection_id_fkey FOREIGN KEY (connection_id) REFERENCES public.connections(id);

ALTER TABLE ONLY public.sync_targets
    ADD CONSTRAINT sync_targets_race_id_fkey FOREIGN KEY (race_id) REFERENCES public.races(id);

ALTER TABLE ONLY public.sync_targets
    ADD CONSTRAINT sync_targets_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT webhook_attempts_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES public.webhook_deliveries(id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES public.alerts(id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES public.webhooks(id);

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_timing_partner_id_fkey FOREIGN KEY (timing_partner_id) REFERENCES public.timing_partners(id);

