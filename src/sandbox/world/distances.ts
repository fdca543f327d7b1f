/**
 * Race distances, their split points and the local start times of an event's races. Split points sit
 * far enough apart (at least 9 % of the course) that a ±1.5 % pace wobble never reorders them.
 */
import type { Split } from './types.js';

export interface Distance {
  name: string;
  /** Free-text distance labels RunSignUp shows for it ("5K", "3.1 Miles"). */
  labels: readonly string[];
  km: number;
  metres: number;
  /** How the distance is usually stated: 10 km, 1 mi. */
  value: number;
  unit: 'km' | 'mi';
  feeCents: number;
  splits: readonly Split[];
}

const split = (name: string, order: number, metres: number): Split => ({ name, order, metres });
const kmSplits = (...km: number[]) => km.map((k, i) => split(`${k}K`, i + 1, k * 1000));

export const DISTANCES: readonly Distance[] = [
  {
    name: '5K', labels: ['5K', '3.1 Miles'], km: 5, metres: 5000, value: 5, unit: 'km', feeCents: 3500,
    splits: [split('1 Mile', 1, 1609), split('2 Mile', 2, 3219)],
  },
  { name: '10K', labels: ['10K', '6.2 Miles'], km: 10, metres: 10_000, value: 10, unit: 'km', feeCents: 4500, splits: kmSplits(5) },
  {
    name: 'Half Marathon', labels: ['13.1 Miles', 'Half Marathon'], km: 21.0975, metres: 21_098, value: 21.1, unit: 'km',
    feeCents: 8500, splits: kmSplits(5, 10, 15),
  },
  {
    name: 'Marathon', labels: ['26.2 Miles', 'Marathon'], km: 42.195, metres: 42_195, value: 42.2, unit: 'km', feeCents: 12_000,
    splits: [...kmSplits(5, 10, 15), split('Half', 4, 21_098), ...kmSplits(25, 30, 35, 40).map((s, i) => ({ ...s, order: i + 5 }))],
  },
  { name: '1 Mile Fun Run', labels: ['1 Mile', '1 Miles'], km: 1.609, metres: 1609, value: 1, unit: 'mi', feeCents: 2000, splits: [] },
  { name: '15K', labels: ['15K', '9.3 Miles'], km: 15, metres: 15_000, value: 15, unit: 'km', feeCents: 5500, splits: kmSplits(5, 10) },
];

/** Local start times of an event's races, in order. */
export const START_TIMES: readonly [number, number][] = [
  [7, 0], [7, 30], [8, 15], [9, 0], [9, 45], [10, 30],
];
