/**
 * Word pools for generated people and races. Unicode names, apostrophes and a CJK name are here on
 * purpose (providers.md §6.1): adapters must carry them through unchanged.
 */

export const FEMALE_FIRST_NAMES = [
  'Margie', 'Avery', 'Zoë', 'Siobhán', 'Chloé', 'Ana', 'María', 'Emily', 'Olivia', 'Sophia', 'Grace',
  'Hannah', 'Aisha', 'Priya', '娜', 'Ingrid', 'Renée', 'Mia', 'Lily', 'Noor', 'Keiko', 'Fatima',
  'Eleanor', 'Jasmine', 'Jane', 'Sarah', 'Megan', 'Laura', 'Kateřina', 'Ayşe',
] as const;

export const MALE_FIRST_NAMES = [
  'José', 'Łukasz', 'Blake', 'Liam', 'Noah', 'James', 'Ethan', 'Mateo', 'Søren', 'François', 'Dmitri',
  'Wei', 'Jamal', 'Kofi', 'Raj', 'Connor', 'Diego', 'Björn', 'Tomás', 'Lucas', 'Owen', 'Henry',
  'Samuel', 'Elijah', 'John', 'Michael', 'David', 'Brian', 'Kevin', 'Jürgen',
] as const;

export const LAST_NAMES = [
  'Stephens', 'Doe', "O'Brien", '李', 'García', 'Müller', 'Nguyen', 'Smith', 'Johnson', 'Kowalski',
  'Ní Bhriain', 'van der Berg', 'St. John', 'Hernández', 'Lefèvre', 'Østergaard', 'Williams', 'Brown',
  'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Pérez', 'Thompson', 'White', 'Harris', 'Sánchez', 'Clark', 'Ramírez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Hill', 'Flores', 'Green', 'Adams',
  'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Smith-Jones',
  "D'Angelo", 'Żukowski',
] as const;

export const MIDDLE_NAMES = ['A.', 'J.', 'Marie', 'Lee', 'R.', 'Ann', 'M.'] as const;

export const STREETS = [
  'Main St', 'Avondale Ave', 'Oak St', 'Maple Ave', 'Cedar Ln', 'Pine St', 'Elm St', 'Washington Blvd',
  'Lakeview Dr', 'Park Pl', 'Church Rd', 'Highland Ave', 'Sunset Blvd', 'Riverside Dr', 'Mill Rd',
] as const;

export interface City {
  city: string;
  state: string;
  zipcode: string;
  countryCode: string;
  timezone: string;
}

const city = (name: string, state: string, zipcode: string, timezone: string, countryCode = 'US'): City => ({
  city: name,
  state,
  zipcode,
  countryCode,
  timezone,
});

export const CITIES: readonly City[] = [
  city('Moorestown', 'NJ', '08057', 'America/New_York'),
  city('Philadelphia', 'PA', '19103', 'America/New_York'),
  city('Boston', 'MA', '02116', 'America/New_York'),
  city('Atlanta', 'GA', '30303', 'America/New_York'),
  city('Charlotte', 'NC', '28202', 'America/New_York'),
  city('Buffalo', 'NY', '14202', 'America/New_York'),
  city('Sioux Falls', 'SD', '57108', 'America/Chicago'),
  city('Chicago', 'IL', '60601', 'America/Chicago'),
  city('Austin', 'TX', '78701', 'America/Chicago'),
  city('Madison', 'WI', '53703', 'America/Chicago'),
  city('Nashville', 'TN', '37203', 'America/Chicago'),
  city('Denver', 'CO', '80202', 'America/Denver'),
  city('Boulder', 'CO', '80302', 'America/Denver'),
  city('Salt Lake City', 'UT', '84101', 'America/Denver'),
  city('Boise', 'ID', '83702', 'America/Denver'),
  city('Portland', 'OR', '97204', 'America/Los_Angeles'),
  city('Seattle', 'WA', '98101', 'America/Los_Angeles'),
  city('San Diego', 'CA', '92101', 'America/Los_Angeles'),
  city('Eugene', 'OR', '97401', 'America/Los_Angeles'),
];

/** Participants sometimes travel from abroad. */
export const FOREIGN_CITIES: readonly City[] = [
  city('Toronto', 'ON', 'M5V 2T6', 'America/Toronto', 'CA'),
  city('Montréal', 'QC', 'H2X 1Y4', 'America/Toronto', 'CA'),
  city('Guadalajara', 'JAL', '44100', 'America/Mexico_City', 'MX'),
];

export const RACE_THEMES = [
  'Turkey Trot', 'Shamrock Run', 'Chilly Cheeks', 'Spring Fling', 'Harvest Run', 'Firecracker',
  'Reindeer Dash', 'Memorial Run', 'River Run', 'Run for Hope', 'Hometown Classic', 'Moonlight Run',
] as const;

export const TEAM_NAMES = [
  'Moorestown Striders', 'Fast Feet RC', 'Acme Corp Runners', 'Team Hope', 'Los Corredores',
  'Die Läufer', 'Sole Sisters', 'Dad Bods', 'Trail Ninjas', 'Café Racers',
] as const;

export const TEAM_TYPES = [
  { id: 1, name: 'Running Club' },
  { id: 2, name: 'Corporate' },
  { id: 3, name: 'Family' },
] as const;

export const SHIRT_SIZES = ['XS', 'S', 'M', 'L', 'XL'] as const;

export interface Distance {
  name: string;
  labels: readonly string[];
  km: number;
  feeCents: number;
}

export const DISTANCES: readonly Distance[] = [
  { name: '5K', labels: ['5K', '3.1 Miles'], km: 5, feeCents: 3500 },
  { name: '10K', labels: ['10K', '6.2 Miles'], km: 10, feeCents: 4500 },
  { name: 'Half Marathon', labels: ['13.1 Miles', 'Half Marathon'], km: 21.0975, feeCents: 8500 },
  { name: 'Marathon', labels: ['26.2 Miles', 'Marathon'], km: 42.195, feeCents: 12000 },
  { name: '1 Mile Fun Run', labels: ['1 Mile', '1 Miles'], km: 1.609, feeCents: 2000 },
  { name: '15K', labels: ['15K', '9.3 Miles'], km: 15, feeCents: 5500 },
];

/** Local start times of a race's events, in order. */
export const START_TIMES: readonly [number, number][] = [
  [7, 0], [7, 30], [8, 15], [9, 0], [9, 45], [10, 30],
];

const asciiCache = new Map<string, string>();

/** Email-safe ASCII of a name: "Łukasz" → "lukasz", "李" → "x". Cached: names come from small pools. */
export function asciiOf(name: string): string {
  let ascii = asciiCache.get(name);
  if (ascii === undefined) {
    ascii = foldToAscii(name);
    asciiCache.set(name, ascii);
  }
  return ascii;
}

function foldToAscii(name: string): string {
  const folded = name
    .replace(/Ł/g, 'L').replace(/ł/g, 'l').replace(/Ø/g, 'O').replace(/ø/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return folded.length > 0 ? folded : 'x';
}
