/**
 * The RunSignUp JSON shapes the skin serves, key for key as in providers.md §1.6. Key order in
 * these objects is the order on the wire, so builders create them in exactly this order.
 */
import type { RemovedReason } from '../../world/types.js';

export type Flag = 'T' | 'F';

export interface RsuAddress {
  street: string | null;
  city: string | null;
  state: string | null;
  zipcode: string | null;
  country_code: string | null;
}

export interface RsuUser {
  user_id: number;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  email: string | null;
  address: RsuAddress;
  dob: string | null;
  gender: 'M' | 'F' | null;
  phone: string | null;
  profile_image_url: string | null;
}

export interface RsuQuestionResponse {
  question_id: string;
  question_text: string;
  response: string | null;
}

export interface RsuParticipant {
  user: RsuUser;
  registration_id: number;
  event_id: number;
  rsu_transaction_id: number;
  transaction_id: string;
  /** Number, null, "" or a numeric string: all four occur in real data. */
  bib_num: number | string | null;
  chip_num: string | null;
  age: number | null;
  registration_date: string;
  team_id: number | null;
  team_name: string | null;
  team_type_id: number | null;
  team_type: string | null;
  team_gender: string | null;
  team_bib_num: number | null;
  last_modified: number;
  imported: Flag;
  race_fee: string;
  offline_payment_amount: string;
  processing_fee: string;
  processing_fee_paid_by_user: string;
  processing_fee_paid_by_race: string;
  partner_fee: string;
  affiliate_profit: string;
  extra_fees: string;
  amount_paid: string;
  usatf_discount_amount_in_cents: string;
  usatf_discount_additional_field: string | null;
  giveaway: string | null;
  giveaway_option_id: number | null;
  question_responses?: RsuQuestionResponse[];
}

export type { RemovedReason };

export interface RsuRemovedParticipant {
  user: RsuUser;
  registration_id: number;
  age: number | null;
  /** "Y-m-d H:i:s" Eastern, unlike the participants endpoint. */
  registration_date: string;
  last_modified: string;
  last_modified_ts: number;
  imported: Flag;
  race_fee: string;
  processing_fee: string;
  processing_fee_paid_by_user: string;
  processing_fee_paid_by_race: string;
  amount_paid: string;
  removed_reason: RemovedReason;
  new_registration_id: number | null;
}

export interface RsuRegistrationPeriod {
  registration_opens: string;
  registration_closes: string;
  race_fee: string;
  processing_fee: string;
}

export interface RsuEvent {
  event_id: number;
  race_event_days_id: number;
  name: string;
  details: string | null;
  start_time: string;
  end_time: string | null;
  age_calc_base_date: string | null;
  registration_opens: string;
  event_type: string;
  distance: string;
  volunteer: Flag;
  require_dob: Flag;
  require_phone: Flag;
  registration_periods: RsuRegistrationPeriod[];
  sub_event_ids: number[];
  giveaway: string | null;
}

export interface RsuRace {
  race_id: number;
  name: string;
  last_date: string | null;
  last_end_date: string | null;
  next_date: string | null;
  next_end_date: string | null;
  is_draft_race: Flag;
  is_private_race: Flag;
  is_registration_open: Flag;
  created: string;
  last_modified: string;
  description: string;
  url: string;
  external_race_url: string | null;
  external_results_url: string | null;
  fb_page_id: string | null;
  fb_event_id: string | null;
  address: RsuAddress;
  timezone: string;
  logo_url: string | null;
  real_time_notifications_enabled: Flag;
  can_use_registration_api?: Flag;
  events?: RsuEvent[];
}

export interface RsuResultSetMeta {
  individual_result_set_id: number;
  individual_result_set_name: string;
  public_results: Flag;
  sort_order: number;
  results_source_name: string;
  results_source_url: string;
  preliminary_results: Flag;
  pace_type: string;
  team_column_display_type: number;
  alt_event_ids: number[];
  hide_splits_in_results: Flag;
  hide_event_names: Flag;
  disable_notifications: Flag;
  result_questions_url: string | null;
}

/** Row keys follow `results_headers`: standard columns, `custom-field-<id>`, `division-<id>-placement`. */
export type RsuResultRow = Record<string, string | number | null>;

export interface RsuResultSet extends RsuResultSetMeta {
  results_headers: Record<string, string>;
  results: RsuResultRow[];
}

export interface RsuErrorBody {
  error: { error_code: number; error_msg: string };
}
