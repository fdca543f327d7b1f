/**
 * Word pools for generated people, teams and events. Unicode names, apostrophes and a CJK name are
 * here on purpose (providers.md §6.1): adapters must carry them through unchanged.
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

/** Timing partners (tenants); the first few names are used in order, then numbered. */
export const TIMING_COMPANIES = [
  'Nova Race Timing', 'Blue Line Timing', 'Northern Chip Timing', 'Cronómetro Ágil', 'Summit Sports Timing',
] as const;

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
