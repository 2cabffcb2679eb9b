// The activity editor's form: blank, from a saved activity, checked for
// what the browser must know before sending, and turned into the details
// the core checks and keeps.
import type { ActivityDetails } from '../bindings/ActivityDetails';
import type { Day } from '../bindings/Day';
import type { Role } from '../bindings/Role';
import { isRealDate, isTime, required, wholeNumber } from './checks';
import type { Errors } from './errors';

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
  runs_on_bank_holidays: boolean;
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
    start_time: '10:00', duration_minutes: '90', capacity: '', leader: '', last_risk_assessment: '', runs_on_bank_holidays: false, needs: [],
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
    runs_on_bank_holidays: activity.runs_on_bank_holidays,
    needs: activity.roles_needed.map((n) => ({
      role: roles.find((r) => r.id === n.role)?.name ?? '',
      count: String(n.count),
      per: n.per_participants === null ? '' : String(n.per_participants),
    })),
  };
}

/** What must be filled in, and dates, times and numbers that can be sent. */
export function checkActivity(form: ActivityForm): Errors {
  const errors: Errors = {};
  required(errors, 'name', 'Name', form.name);
  required(errors, 'meeting_place', 'Meeting place', form.meeting_place);
  if (!isTime(form.start_time)) errors.start_time = 'Give a start time such as 10:00.';
  if (wholeNumber(form.duration_minutes) === null) errors.duration_minutes = 'Give the length as a whole number of minutes.';
  if (form.capacity.trim() && wholeNumber(form.capacity) === null) errors.capacity = 'Give the capacity as a whole number, or leave it empty for no limit.';
  if (form.pattern === 'fortnightly' && !isRealDate(form.starting)) errors.starting = 'Give the date of one session, to set which weeks.';
  if (form.last_risk_assessment && !isRealDate(form.last_risk_assessment)) errors.last_risk_assessment = 'Give a real date, or leave it empty.';
  for (const need of form.needs.filter((n) => n.role.trim())) {
    if (wholeNumber(need.count) === null) errors.roles_needed = `Give how many ${need.role.trim()} are needed as a whole number.`;
    if (need.per.trim() && wholeNumber(need.per) === null) errors.roles_needed = '“For every” must be a whole number of participants, or left empty.';
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

/** The details as typed; the roles each session needs are added by the editor. */
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
    runs_on_bank_holidays: form.runs_on_bank_holidays,
  };
}
