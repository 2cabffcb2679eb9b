// Checks a form before it is sent, so mistakes show next to their field at
// once. The core checks everything again: these are for speed, not trust.
import { tick } from 'svelte';
import type { ActivityDetails } from './bindings/ActivityDetails';
import type { Day } from './bindings/Day';
import type { Organisation } from './bindings/Organisation';
import type { ParticipantDetails } from './bindings/ParticipantDetails';
import type { ReferralStatus } from './bindings/ReferralStatus';
import type { Role } from './bindings/Role';

export type Errors = Record<string, string>;

/** A referral's status in plain words. */
export const statusNames: Record<ReferralStatus, string> = {
  received: 'Received',
  contacted: 'Contacted',
  first_attended: 'First attended',
  active: 'Active',
  closed: 'Closed',
};

export const NAME_MAX = 100;
export const NOTE_MAX = 4000;

/** A real calendar date as YYYY-MM-DD (31 February is not). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The NHS number's modulus 11 check digit. Spaces and dashes are allowed. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((total, d, i) => total + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

function required(errors: Errors, field: string, label: string, value: string, max = NAME_MAX) {
  const trimmed = value.trim();
  if (!trimmed) errors[field] = `${label} is required.`;
  else if ([...trimmed].length > max) errors[field] = `${label} is too long: the most is ${max} characters.`;
}

function limit(errors: Errors, field: string, label: string, value: string, max: number) {
  const length = [...value.trim()].length;
  if (length > max) errors[field] = `${label} is too long: ${length} characters, the most is ${max}.`;
}

export type OrganisationForm = Organisation;

export function validateOrganisation(form: OrganisationForm): Errors {
  const errors: Errors = {};
  required(errors, 'name', "The organisation's name", form.name, 200);
  limit(errors, 'address', 'Address', form.address, NOTE_MAX);
  if (form.email.trim() && !/^[^\s@]+@[^\s@]+$/.test(form.email.trim())) errors.email = 'That email address does not look right.';
  return errors;
}

export type Pattern = 'weekly' | 'fortnightly' | 'monthly_nth';

export interface ActivityForm {
  name: string;
  kind: ActivityDetails['kind'];
  meeting_place: string;
  pattern: Pattern;
  day: Day;
  /** Fortnightly: the date of one session, which sets the rhythm. */
  starting: string;
  /** Monthly: 1–4, or 5 for the last. */
  nth: string;
  start_time: string;
  duration_minutes: string;
  capacity: string;
  leader: string;
  last_risk_assessment: string;
  needs: NeedForm[];
}

/** One kind of helper each session needs: "1 Walk leader for every 20". */
export interface NeedForm {
  role: string;
  count: string;
  per: string;
}

export function blankActivityForm(today: string): ActivityForm {
  return {
    name: '', kind: 'health_walk', meeting_place: '', pattern: 'weekly', day: 'Tuesday', starting: today, nth: '1',
    start_time: '10:00', duration_minutes: '90', capacity: '', leader: '', last_risk_assessment: '', needs: [],
  };
}

export function activityForm(activity: ActivityDetails, today: string, roles: Role[]): ActivityForm {
  const r = activity.recurrence;
  return {
    ...blankActivityForm(today),
    name: activity.name,
    kind: activity.kind,
    meeting_place: activity.meeting_place,
    pattern: r.pattern,
    day: r.day,
    starting: r.pattern === 'fortnightly' ? r.starting : today,
    nth: r.pattern === 'monthly_nth' ? String(r.nth) : '1',
    start_time: activity.start_time.slice(0, 5),
    duration_minutes: String(activity.duration_minutes),
    capacity: activity.capacity === null ? '' : String(activity.capacity),
    leader: activity.leader,
    last_risk_assessment: activity.last_risk_assessment ?? '',
    needs: activity.roles_needed.map((n) => ({
      role: roles.find((r) => r.id === n.role)?.name ?? '',
      count: String(n.count),
      per: n.per_participants === null ? '' : String(n.per_participants),
    })),
  };
}

export function validateActivity(form: ActivityForm): Errors {
  const errors: Errors = {};
  required(errors, 'name', 'Name', form.name);
  required(errors, 'meeting_place', 'Meeting place', form.meeting_place, 200);
  if (!/^\d{2}:\d{2}$/.test(form.start_time)) errors.start_time = 'Give a start time such as 10:00.';
  const duration = Number(form.duration_minutes);
  if (!Number.isInteger(duration) || duration < 1 || duration > 1440) errors.duration_minutes = 'Length must be a whole number of minutes, from 1 to 1440.';
  if (form.capacity.trim()) {
    const capacity = Number(form.capacity);
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 10000) errors.capacity = 'Capacity must be a whole number of at least 1, or left empty for no limit.';
  }
  limit(errors, 'leader', 'Leader', form.leader, NAME_MAX);
  if (form.pattern === 'fortnightly' && !isRealDate(form.starting)) errors.starting = 'Give the date of one session, to set which weeks.';
  if (form.last_risk_assessment && !isRealDate(form.last_risk_assessment)) errors.last_risk_assessment = 'Give a real date, or leave it empty.';
  const named = form.needs.filter((n) => n.role.trim());
  const names = named.map((n) => n.role.trim().toLowerCase());
  if (new Set(names).size !== names.length) errors.roles_needed = 'Each role can be listed once.';
  for (const need of named) {
    const count = Number(need.count);
    if (!Number.isInteger(count) || count < 1 || count > 50) errors.roles_needed = `How many ${need.role.trim()} are needed must be a whole number from 1 to 50.`;
    const per = Number(need.per);
    if (need.per.trim() && (!Number.isInteger(per) || per < 1)) errors.roles_needed = `“For every” must be a whole number of participants, or left empty.`;
  }
  return errors;
}

function recurrence(form: ActivityForm): ActivityDetails['recurrence'] {
  switch (form.pattern) {
    case 'fortnightly':
      return { pattern: 'fortnightly', day: form.day, starting: form.starting };
    case 'monthly_nth':
      return { pattern: 'monthly_nth', day: form.day, nth: Number(form.nth) };
    default:
      return { pattern: 'weekly', day: form.day };
  }
}

const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'last'];

/** "Every Tuesday", "Every other Friday", "The last Monday of each month" */
export function describeRecurrence(r: ActivityDetails['recurrence']): string {
  switch (r.pattern) {
    case 'fortnightly':
      return `Every other ${r.day}`;
    case 'monthly_nth':
      return `The ${ORDINALS[r.nth] ?? `${r.nth}th`} ${r.day} of each month`;
    default:
      return `Every ${r.day}`;
  }
}

/** A risk assessment older than six months (or none) needs redoing. */
export function riskAssessmentDue(last: string | null, today: string): boolean {
  if (!last) return true;
  const [y, m, d] = today.split('-').map(Number);
  const sixMonthsAgo = new Date(Date.UTC(y, m - 1 - 6, d)).toISOString().slice(0, 10);
  return last < sixMonthsAgo;
}

export function activityDetails(form: ActivityForm): ActivityDetails {
  return {
    name: form.name.trim(),
    kind: form.kind,
    meeting_place: form.meeting_place.trim(),
    recurrence: recurrence(form),
    start_time: `${form.start_time}:00`,
    duration_minutes: Number(form.duration_minutes),
    capacity: form.capacity.trim() ? Number(form.capacity) : null,
    leader: form.leader.trim(),
    roles_needed: [],
    last_risk_assessment: form.last_risk_assessment || null,
  };
}

export function validateDateRange(from: string, to: string): Errors {
  const errors: Errors = {};
  if (!isRealDate(from)) errors.from = 'Give a real start date.';
  if (!isRealDate(to)) errors.to = 'Give a real end date.';
  if (!errors.from && !errors.to && to < from) errors.to = 'The end date is before the start date.';
  return errors;
}

export interface ParticipantForm {
  full_name: string;
  preferred_name: string;
  /** The date of birth as typed, in three boxes (the GOV.UK pattern). */
  dob_day: string;
  dob_month: string;
  dob_year: string;
  nhs_number: string;
  phone: string;
  email: string;
  address: string;
  postcode: string;
  contact_name: string;
  contact_relationship: string;
  contact_phone: string;
  needs: string;
  access_needs: string;
  consent_hold: boolean;
  consent_share: boolean;
  /** The date the consents were given or refused. */
  consent_on: string;
}

export function emptyParticipantForm(today: string): ParticipantForm {
  return {
    full_name: '', preferred_name: '', dob_day: '', dob_month: '', dob_year: '', nhs_number: '', phone: '', email: '', address: '', postcode: '',
    contact_name: '', contact_relationship: '', contact_phone: '', needs: '', access_needs: '', consent_hold: true, consent_share: false, consent_on: today,
  };
}

export function validateParticipant(form: ParticipantForm, today: string): Errors {
  const errors: Errors = {};
  required(errors, 'full_name', 'Name', form.full_name);
  limit(errors, 'preferred_name', 'Preferred name', form.preferred_name, NAME_MAX);
  const dob = dateOfBirthProblem(form);
  if (dob) errors.date_of_birth = dob;
  if (form.nhs_number.trim() && !isValidNhsNumber(form.nhs_number)) errors.nhs_number = 'NHS number is not valid: please check it for a typing mistake.';
  limit(errors, 'needs', 'Needs and concerns', form.needs, NOTE_MAX);
  limit(errors, 'access_needs', 'Access needs', form.access_needs, NOTE_MAX);
  if (!isRealDate(form.consent_on)) errors.consent_on = 'Give the date consent was given or refused.';
  else if (form.consent_on > today) errors.consent_on = 'The consent date cannot be in the future.';
  return errors;
}

/** The date of birth typed as an ISO date, or null when the boxes are empty or it is not a whole, real date. */
export function dateOfBirth(form: ParticipantForm): string | null {
  const [d, m, y] = [form.dob_day.trim(), form.dob_month.trim(), form.dob_year.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

/** What is wrong with the date of birth as typed (its form only: the core checks the rest). */
export function dateOfBirthProblem(form: ParticipantForm): string {
  const [d, m, y] = [form.dob_day.trim(), form.dob_month.trim(), form.dob_year.trim()];
  if (!d && !m && !y) return '';
  if (!d || !m || !y) return 'Date of birth must include a day, month and year, or be left empty.';
  if (!/^\d{4}$/.test(y)) return 'Write the year in full, such as 1951.';
  if (!dateOfBirth(form)) return `There is no ${d}/${m}/${y}: check the day and month.`;
  return '';
}

/** The details as typed so far, for asking about look-alikes: a
 * half-typed NHS number is left out rather than refused. */
export function lookAlikeQuery(form: ParticipantForm, today: string): ParticipantDetails {
  const details = participantDetails(form, today);
  return isValidNhsNumber(form.nhs_number) ? details : { ...details, nhs_number: null };
}

/** The form for changing an existing person's details. */
export function participantForm(details: ParticipantDetails, today: string): ParticipantForm {
  const [y, m, d] = (details.date_of_birth ?? '').split('-');
  const e = details.emergency_contact;
  return {
    ...emptyParticipantForm(today),
    full_name: details.full_name, preferred_name: details.preferred_name,
    dob_day: d ? String(Number(d)) : '', dob_month: m ? String(Number(m)) : '', dob_year: y ?? '',
    nhs_number: details.nhs_number ?? '', phone: details.phone, email: details.email, address: details.address, postcode: details.postcode,
    contact_name: e.name, contact_relationship: e.relationship, contact_phone: e.phone, needs: details.needs, access_needs: details.access_needs,
    consent_hold: details.consents.hold_data?.given ?? false, consent_share: details.consents.share_with_referrer?.given ?? false,
  };
}

export function participantDetails(form: ParticipantForm, today: string): ParticipantDetails {
  const consent = (given: boolean) => ({ given, on: form.consent_on || today });
  return {
    full_name: form.full_name.trim(),
    preferred_name: form.preferred_name.trim(),
    date_of_birth: dateOfBirth(form),
    nhs_number: form.nhs_number.trim() ? form.nhs_number.replace(/[\s-]/g, '') : null,
    address: form.address.trim(),
    postcode: form.postcode.trim(),
    phone: form.phone.trim(),
    email: form.email.trim(),
    emergency_contact: { name: form.contact_name.trim(), relationship: form.contact_relationship.trim(), phone: form.contact_phone.trim() },
    needs: form.needs.trim(),
    access_needs: form.access_needs.trim(),
    consents: { hold_data: consent(form.consent_hold), share_with_referrer: consent(form.consent_share), contact_by_phone: null, contact_by_sms: null, contact_by_email: null },
    status: 'active',
  };
}

/**
 * Where a refusal from the host goes: next to its field (focused) when it
 * names one, otherwise in the returned banner text.
 */
export function placeError(e: unknown, show: (errors: Errors) => void, form: EventTarget | null): string {
  if (e && typeof e === 'object' && 'field' in e && 'message' in e && typeof e.field === 'string' && e.field) {
    show({ [e.field]: String(e.message) });
    focusFirstInvalid(form);
    return '';
  }
  return e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
}

/** Moves focus to the first field marked invalid, once the errors are on screen. */
export async function focusFirstInvalid(form: EventTarget | null): Promise<void> {
  await tick();
  if (form instanceof HTMLElement) form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
