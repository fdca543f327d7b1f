/**
 * The RunSignUp sample payloads of providers.md §1.6, copied verbatim (not reformatted) so the
 * fixture server answers with exactly what the reference shows. Keep in sync with that document.
 */

/** The error envelope for a bad key (§1.3). */
export const AUTH_ERROR_SAMPLE = { "error": { "error_code": 6, "error_msg": "Key authentication failed" } };

/** `GET /races` (§1.6, captured payload R14). */
export const RACES_SAMPLE = {
  "races": [
    {
      "race": {
        "race_id": 16404,
        "name": "Chilly Cheeks 10 Mile, 5 Mile, 5K",
        "last_date": "04/07/2018",
        "last_end_date": "04/07/2018",
        "next_date": "04/06/2019",
        "next_end_date": "04/06/2019",
        "is_draft_race": "F",
        "is_private_race": "F",
        "is_registration_open": "F",
        "created": "2/5/2015 12:23",
        "last_modified": "4/14/2018 18:20",
        "description": "<p>This a loop course.</p>",
        "url": "https://runsignup.com/Race/SD/SiouxFalls/ChillyCheeks5Mile5K1MileandVirtualRun",
        "external_race_url": null,
        "external_results_url": null,
        "fb_page_id": "chillycheeks5K",
        "fb_event_id": null,
        "address": { "street": "Riverdale Park", "city": "Sioux Falls", "state": "SD", "zipcode": "57108", "country_code": "US" },
        "timezone": "America/Chicago",
        "logo_url": "https://d368g9lw5ileu7.cloudfront.net/...",
        "real_time_notifications_enabled": "F",
        "events": [ { "event_id": 123456, "race_event_days_id": 98765, "name": "5K", "start_time": "4/6/2019 08:00", "end_time": null, "distance": "5K", "event_type": "running_race", "...": "..." } ]
      }
    }
  ]
};

/** `GET /race/{race_id}` (§1.6, fixture R13). */
export const RACE_DETAIL_SAMPLE = {
  "race": {
    "race_id": 1,
    "name": "Sample Race",
    "last_date": null,
    "next_date": "03/20/2019",
    "is_draft_race": "F",
    "is_registration_open": "T",
    "created": "12/19/2011 11:47",
    "last_modified": "1/11/2019 01:58",
    "address": { "street": "ABC", "city": "DE", "state": "AZ", "zipcode": "12345", "country_code": "US" },
    "timezone": "America/Chicago",
    "can_use_registration_api": "F",
    "events": [
      {
        "event_id": 1,
        "race_event_days_id": 12,
        "name": "5K",
        "details": "subject to change",
        "start_time": "3/20/2019 09:00",
        "end_time": null,
        "age_calc_base_date": null,
        "registration_opens": "12/10/2018 07:00",
        "event_type": "running_race",
        "distance": "5K",
        "volunteer": "F",
        "require_dob": "T",
        "require_phone": "T",
        "registration_periods": [
          { "registration_opens": "12/20/2011 07:00", "registration_closes": "1/20/2018 01:59", "race_fee": "$11.00", "processing_fee": "$2.00" }
        ],
        "sub_event_ids": [],
        "giveaway": null
      }
    ]
  }
};

/** `GET /race/{race_id}/participants` (§1.6, official example R1/R2). */
export const PARTICIPANTS_SAMPLE = [
  {
    "event": { "event_id": 12890, "participants": [] },
    "participants": [
      {
        "user": {
          "user_id": 123123123,
          "first_name": "Margie",
          "middle_name": null,
          "last_name": "Stephens",
          "email": "margie.stephens@example.com",
          "address": { "street": "960 Avondale Ave", "city": "Moorestown", "state": "NJ", "zipcode": "08057", "country_code": "US" },
          "dob": "1986-01-06",
          "gender": "F",
          "phone": "856-850-1510",
          "profile_image_url": null
        },
        "registration_id": 2645624,
        "event_id": 12890,
        "rsu_transaction_id": 263659,
        "transaction_id": "ay_852631042119552C_0",
        "bib_num": null,
        "chip_num": null,
        "age": 35,
        "registration_date": "9/7/2021 15:15",
        "team_id": null,
        "team_name": null,
        "team_type_id": null,
        "team_type": null,
        "team_gender": null,
        "team_bib_num": null,
        "last_modified": 1631042122,
        "imported": "F",
        "race_fee": "$55.00",
        "offline_payment_amount": "$0.00",
        "processing_fee": "$2.75",
        "processing_fee_paid_by_user": "$2.75",
        "processing_fee_paid_by_race": "$0.00",
        "partner_fee": "$0.00",
        "affiliate_profit": "$0.00",
        "extra_fees": "$0.00",
        "amount_paid": "$57.75",
        "usatf_discount_amount_in_cents": "$0.00",
        "usatf_discount_additional_field": null,
        "giveaway": "M",
        "giveaway_option_id": 1,
        "question_responses": [
          { "question_id": "1", "question_text": "Is this your first road race?", "response": "No" },
          { "question_id": "3", "question_text": "Emergency Contact Phone", "response": null }
        ]
      }
    ]
  }
];

/** `GET /race/{race_id}/removed-participants` (§1.6, official single-object example R8). */
export const REMOVED_PARTICIPANTS_SAMPLE = {
  "event": {
    "event_id": 12890,
    "participants": [
      {
        "user": { "user_id": 123654, "first_name": "Jane", "middle_name": null, "last_name": "Doe", "email": "jane.doe@example.com",
                  "address": { "street": "123 Main St.", "city": "Moorestown", "state": "NJ", "zipcode": "08057", "country_code": "US" },
                  "dob": "1970-01-01", "gender": "F", "phone": "856-029-4233", "profile_image_url": null },
        "registration_id": 2645629,
        "age": 51,
        "registration_date": "2021-09-07 15:20:36",
        "last_modified": "2021-09-23 09:54:37",
        "last_modified_ts": 1632405277,
        "imported": "F",
        "race_fee": "$55.00",
        "processing_fee": "$2.75",
        "processing_fee_paid_by_user": "$2.75",
        "processing_fee_paid_by_race": "$0.00",
        "amount_paid": "$57.75",
        "removed_reason": "removed",
        "new_registration_id": null
      }
    ]
  }
};

/** `GET /race/{race_id}/results/get-result-sets` (§1.6). */
export const RESULT_SETS_SAMPLE = {
  "individual_results_sets": [
    {
      "individual_result_set_id": 691649,
      "individual_result_set_name": "Overall Results",
      "public_results": "T",
      "sort_order": 0,
      "results_source_name": "Nova Race Timing",
      "results_source_url": "http://www.novaracetiming.com",
      "preliminary_results": "F",
      "pace_type": "T",
      "team_column_display_type": 2,
      "alt_event_ids": [],
      "hide_splits_in_results": "F",
      "hide_event_names": "F",
      "disable_notifications": "F",
      "result_questions_url": null
    }
  ]
};

/** `GET /race/{race_id}/results/get-results`, the real payload abridged to two rows (§1.6, R18). */
export const GET_RESULTS_SAMPLE = {
  "individual_results_sets": [
    {
      "individual_result_set_id": 691649,
      "individual_result_set_name": "Frosh Girls (3rd-4th Grade)  Team Finish List-NVJCYO",
      "public_results": "T",
      "sort_order": 0,
      "results_source_name": "Nova Race Timing",
      "results_source_url": "http://www.novaracetiming.com",
      "preliminary_results": "F",
      "pace_type": "T",
      "team_column_display_type": 2,
      "alt_event_ids": [],
      "hide_splits_in_results": "F",
      "hide_event_names": "T",
      "disable_notifications": "F",
      "result_questions_url": null,
      "results_headers": {
        "result_id": "Result Id",
        "place": "Place",
        "bib": "Bib",
        "first_name": "First Name",
        "last_name": "Last Name",
        "gender": "Gender",
        "city": "City",
        "state": "State",
        "country_code": "Country",
        "clock_time": "Clock Time",
        "chip_time": "Chip Time",
        "pace": "Pace",
        "age": "Age",
        "age_percentage": "Age Percentage",
        "custom-field-649068": "Year",
        "custom-field-649069": "Team Name",
        "custom-field-649073": "Scored",
        "division-9554899-placement": "M 1-99",
        "division-9554901-placement": "F 1-99",
        "division-9554902-placement": "All Male",
        "division-9554903-placement": "All Female"
      },
      "results": [
        {
          "result_id": 900000001,
          "place": 1,
          "bib": 100,
          "first_name": "Avery",
          "last_name": "Alpha",
          "gender": "F",
          "city": null,
          "state": null,
          "country_code": null,
          "clock_time": "8:27.42",
          "chip_time": "",
          "pace": "6:48",
          "age": null,
          "age_percentage": "",
          "custom-field-649068": "4",
          "custom-field-649069": "St Example",
          "custom-field-649073": "*",
          "division-9554899-placement": null,
          "division-9554901-placement": null,
          "division-9554902-placement": null,
          "division-9554903-placement": null
        },
        {
          "result_id": 900000002,
          "place": 2,
          "bib": 101,
          "first_name": "Blake",
          "last_name": "Bravo",
          "gender": "F",
          "city": null,
          "state": null,
          "country_code": null,
          "clock_time": "8:28.11",
          "chip_time": "",
          "pace": "6:49",
          "age": null,
          "age_percentage": "",
          "custom-field-649068": "4",
          "custom-field-649069": "Holy Sample",
          "custom-field-649073": "*",
          "division-9554899-placement": null,
          "division-9554901-placement": null,
          "division-9554902-placement": null,
          "division-9554903-placement": null
        }
      ]
    }
  ]
};
