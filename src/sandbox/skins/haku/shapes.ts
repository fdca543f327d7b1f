/**
 * The Haku JSON shapes the skin serves, key for key as providers.md §4.3 lists them (all key names
 * from a parser written against real responses; values and types there are illustrative, so the
 * formats here — ISO 8601 UTC times, numbers for money, the gender spellings — are [INFERRED]).
 */

export interface HakuEvent {
  id: string;
  name: string;
  /** A date, no time: "YYYY-MM-DD" in the event's zone. */
  event_date: string;
  event_end_date: string;
  time_zone: string;
  location_name: string;
  location_city: string;
  location_state: string;
  status: 'active' | 'inactive';
  created_at: string;
  updated_at: string;
}

export interface HakuParticipantSummary {
  registration_number: string;
  person_full_name: string;
  email: string | null;
  /** "male", "Female" or "female", "non-binary", or "" when not given. */
  gender: string;
  age: number | null;
  team: { name: string } | null;
  event_category_info: string;
  registered_at: string;
  /** [INFERRED] and switchable: the incremental strategy (sort by updated_at desc) needs it. */
  updated_at?: string;
  is_cancelled: boolean;
  transaction_amount: number;
}

export interface HakuEventCategory {
  id: number;
  name: string;
  master_name: string;
  is_active: boolean;
  participation_option: string;
  corral_name: string | null;
  wave_name: string;
  wave_code: string;
  /** The bib. */
  tag_number: string | null;
  chip_number: string | null;
  created_at: string;
  updated_at: string;
}

export interface HakuRegistration {
  registration_number: string;
  created_at: string;
  updated_at: string;
  is_cancelled: boolean;
  cancelled_at: string | null;
  transaction_amount: number;
  participant: {
    account_number: string;
    source_system_identifier: string | null;
    first_name: string;
    middle_initial: string | null;
    last_name: string;
    email: string | null;
    phone: string | null;
    dob: string | null;
    gender: string;
    address: { line1: string | null; line2: string | null; city: string; state: string; zip_code: string; country: string };
    additional_questions: unknown[];
    created_at: string;
    updated_at: string;
  };
  emergency_contact_name: string;
  emergency_contact_phone_number: string;
  emergency_contact_relationship: string;
  event_categories: HakuEventCategory[];
  shirt_size_name: string | null;
  shirt_size_code: string | null;
  [nullable: string]: unknown;
}
