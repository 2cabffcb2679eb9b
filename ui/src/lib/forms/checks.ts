// The only checks the browser makes before sending: a field that must be
// filled is not empty, and a date, time or number field holds one the
// request can carry. Every rule about what is acceptable (lengths, the NHS
// number's check digit, ranges, dates in order) is the core's: when it
// refuses, its message is shown beside the field (see `errors.ts`).
import type { Errors } from './errors';

/** A real calendar date as YYYY-MM-DD (31 February is not). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A time of day as HH:MM. */
export function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** The largest number a count or a length in minutes is sent as (Rust's u16). */
const LARGEST_SENT = 65535;

/** A whole number the request can carry, or null. */
export function wholeNumber(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n <= LARGEST_SENT ? n : null;
}

/** Marks `field` when nothing was typed, in the core's words ("Name is required."). */
export function required(errors: Errors, field: string, label: string, value: string) {
  if (!value.trim()) errors[field] = `${label} is required.`;
}

/** Both ends of a period are real dates; whether they are in order is the core's rule. */
export function checkDateRange(from: string, to: string): Errors {
  const errors: Errors = {};
  if (!isRealDate(from)) errors.from = 'Give a real start date.';
  if (!isRealDate(to)) errors.to = 'Give a real end date.';
  return errors;
}
