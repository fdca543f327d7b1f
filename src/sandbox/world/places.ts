/**
 * Where events happen and people live. Each registration provider hosts events where it is used:
 * RunSignUp and Haku in the US, Race Roster mostly in Canada (it is Canadian) and some US cities.
 * Region and country names are here because Race Roster sends `{code, name}` objects.
 */
import type { RegistrationProvider } from './types.js';

export interface City {
  city: string;
  region: string;
  regionName: string;
  postalCode: string;
  countryCode: string;
  countryName: string;
  timeZone: string;
  latitude: number;
  longitude: number;
  /** Race Roster's event locale. */
  locale: string;
}

const COUNTRY_NAMES: Readonly<Record<string, string>> = { US: 'United States', CA: 'Canada', MX: 'Mexico' };

function city(name: string, region: string, regionName: string, postalCode: string, timeZone: string, at: [number, number], countryCode = 'US'): City {
  const locale = countryCode === 'CA' && region === 'QC' ? 'fr-CA' : countryCode === 'CA' ? 'en-CA' : countryCode === 'MX' ? 'es-MX' : 'en-US';
  return {
    city: name, region, regionName, postalCode, countryCode, countryName: COUNTRY_NAMES[countryCode] ?? countryCode,
    timeZone, latitude: at[0], longitude: at[1], locale,
  };
}

export const US_CITIES: readonly City[] = [
  city('Moorestown', 'NJ', 'New Jersey', '08057', 'America/New_York', [39.97, -74.95]),
  city('Philadelphia', 'PA', 'Pennsylvania', '19103', 'America/New_York', [39.95, -75.17]),
  city('Boston', 'MA', 'Massachusetts', '02116', 'America/New_York', [42.35, -71.07]),
  city('Atlanta', 'GA', 'Georgia', '30303', 'America/New_York', [33.75, -84.39]),
  city('Charlotte', 'NC', 'North Carolina', '28202', 'America/New_York', [35.23, -80.84]),
  city('Buffalo', 'NY', 'New York', '14202', 'America/New_York', [42.89, -78.88]),
  city('Sioux Falls', 'SD', 'South Dakota', '57108', 'America/Chicago', [43.49, -96.73]),
  city('Chicago', 'IL', 'Illinois', '60601', 'America/Chicago', [41.89, -87.62]),
  city('Austin', 'TX', 'Texas', '78701', 'America/Chicago', [30.27, -97.74]),
  city('Madison', 'WI', 'Wisconsin', '53703', 'America/Chicago', [43.07, -89.38]),
  city('Nashville', 'TN', 'Tennessee', '37203', 'America/Chicago', [36.15, -86.79]),
  city('Denver', 'CO', 'Colorado', '80202', 'America/Denver', [39.75, -105.0]),
  city('Boulder', 'CO', 'Colorado', '80302', 'America/Denver', [40.02, -105.28]),
  city('Salt Lake City', 'UT', 'Utah', '84101', 'America/Denver', [40.76, -111.89]),
  city('Boise', 'ID', 'Idaho', '83702', 'America/Denver', [43.62, -116.2]),
  city('Portland', 'OR', 'Oregon', '97204', 'America/Los_Angeles', [45.52, -122.68]),
  city('Seattle', 'WA', 'Washington', '98101', 'America/Los_Angeles', [47.61, -122.33]),
  city('San Diego', 'CA', 'California', '92101', 'America/Los_Angeles', [32.72, -117.16]),
  city('Eugene', 'OR', 'Oregon', '97401', 'America/Los_Angeles', [44.05, -123.09]),
];

export const CANADIAN_CITIES: readonly City[] = [
  city('Toronto', 'ON', 'Ontario', 'M5V 2T6', 'America/Toronto', [43.64, -79.38], 'CA'),
  city('Ottawa', 'ON', 'Ontario', 'K1P 1J1', 'America/Toronto', [45.42, -75.7], 'CA'),
  city('Montréal', 'QC', 'Québec', 'H2X 1Y4', 'America/Toronto', [45.5, -73.57], 'CA'),
  city('Halifax', 'NS', 'Nova Scotia', 'B3J 1S9', 'America/Halifax', [44.65, -63.57], 'CA'),
  city('Winnipeg', 'MB', 'Manitoba', 'R3C 0V8', 'America/Winnipeg', [49.9, -97.14], 'CA'),
  city('Calgary', 'AB', 'Alberta', 'T2P 1J9', 'America/Edmonton', [51.05, -114.07], 'CA'),
  city('Vancouver', 'BC', 'British Columbia', 'V6B 1A1', 'America/Vancouver', [49.28, -123.12], 'CA'),
  city("St. John's", 'NL', 'Newfoundland and Labrador', 'A1C 1A1', 'America/St_Johns', [47.56, -52.71], 'CA'),
];

/** Participants sometimes travel from abroad. */
export const FOREIGN_CITIES: readonly City[] = [
  city('Toronto', 'ON', 'Ontario', 'M5V 2T6', 'America/Toronto', [43.64, -79.38], 'CA'),
  city('Montréal', 'QC', 'Québec', 'H2X 1Y4', 'America/Toronto', [45.5, -73.57], 'CA'),
  city('Guadalajara', 'JAL', 'Jalisco', '44100', 'America/Mexico_City', [20.67, -103.35], 'MX'),
];

export const STREETS = [
  'Main St', 'Avondale Ave', 'Oak St', 'Maple Ave', 'Cedar Ln', 'Pine St', 'Elm St', 'Washington Blvd',
  'Lakeview Dr', 'Park Pl', 'Church Rd', 'Highland Ave', 'Sunset Blvd', 'Riverside Dr', 'Mill Rd',
] as const;

/** The cities a provider's events are held in, and where most of their runners live. */
export function hostCities(host: RegistrationProvider, pick: number): readonly City[] {
  if (host !== 'raceroster') return US_CITIES;
  return pick < 0.7 ? CANADIAN_CITIES : US_CITIES;
}

const REGION_NAMES = new Map([...US_CITIES, ...CANADIAN_CITIES, ...FOREIGN_CITIES].map((c) => [`${c.countryCode}:${c.region}`, c.regionName]));

/** "Ontario" for ("CA", "ON"); the code itself for a region no city here is in. */
export function regionNameOf(countryCode: string, region: string): string {
  return REGION_NAMES.get(`${countryCode}:${region}`) ?? region;
}

export function countryNameOf(countryCode: string): string {
  return COUNTRY_NAMES[countryCode] ?? countryCode;
}
