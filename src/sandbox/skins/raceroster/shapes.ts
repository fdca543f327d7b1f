/**
 * The Race Roster JSON shapes the skin serves (providers.md §3.3), camelCase, key order as on the
 * wire. Events follow the documented key list; participants follow §3.3's suggested shape; the
 * results row is this skin's own [INFERRED] shape, in the same style, documented in results.ts.
 */

export type RrGender = 0 | 1 | 2 | 8 | 9;

export interface RrCodeName {
  code: string;
  name: string;
}

export interface RrSubEvent {
  subEventId: number;
  name: string;
  maxParticipants: number;
  participantMinAge: number;
  participantMaxAge: number | null;
  subEventDistance: { id: string; type: string; label: string; value: number; unit: string; inMeters: number };
  distance: string;
  distanceType: string;
  customSubEventDate: string | null;
}

export interface RrEvent {
  eventId: number;
  type: string;
  name: string;
  city: string;
  region: RrCodeName;
  country: RrCodeName;
  startDate: string;
  timeZone: string;
  registrationOpenDate: string;
  registrationCloseDate: string;
  lastModifiedDate: string;
  url: string;
  organizerName: string;
  organizerEmail: string;
  organizerPhone: string | null;
  organizerDashboardUrl: string;
  address: string;
  latitude: number;
  longitude: number;
  locale: string;
  description: string;
  facebook: string | null;
  twitter: string | null;
  branding: { logo: string | null; primaryColor: string };
  resultsUrl: string | null;
  subEvents: { data: RrSubEvent[] };
}

export interface RrParticipant {
  participantId: number;
  registrationId: number;
  eventId: number;
  subEventId: number;
  /** Text; some events pad with leading zeros; "" or null when unassigned. */
  bibNumber: string | null;
  firstName: string;
  lastName: string;
  gender: RrGender;
  dateOfBirth: string | null;
  email: string | null;
  phone: string | null;
  city: string;
  region: RrCodeName;
  country: RrCodeName;
  teamName: string | null;
  registrationDate: string;
  lastModifiedDate: string;
  status: 'active' | 'cancelled';
}

export interface RrSplit {
  name: string;
  order: number;
  distanceInMeters: number;
  gunTime: string;
  chipTime: string | null;
}

export interface RrResult {
  resultId: number;
  participantId: number;
  registrationId: number;
  subEventId: number;
  bibNumber: string | null;
  firstName: string;
  lastName: string;
  gender: RrGender;
  age: number | null;
  city: string;
  status: 'finished' | 'dnf' | 'dns' | 'dq';
  active: boolean;
  overallPlace: number | null;
  genderPlace: number | null;
  divisionPlace: number | null;
  division: string | null;
  gunTime: string | null;
  chipTime: string | null;
  splits: { data: RrSplit[] };
  lastModifiedDate: string;
}
