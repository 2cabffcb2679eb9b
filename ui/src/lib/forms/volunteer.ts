// The volunteer form: blank and from a saved volunteer, checked for what
// the browser must know before sending (the core checks the rest: a DBS
// certificate number's digits, dates in order).
import type { Day } from '../bindings/Day';
import type { Volunteer } from '../bindings/Volunteer';
import type { VolunteerDetails } from '../bindings/VolunteerDetails';
import { isRealDate, required } from './checks';
import type { Errors } from './errors';

export const DAYS: Day[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export type DbsForm = { level: string; certificate_number: string; seen_on: string; seen_by: string; update_service: boolean; recheck_due: string };
export type VolunteerForm = Omit<VolunteerDetails, 'dbs'> & { has_dbs: boolean; dbs: DbsForm };

const blankDbs = (): DbsForm => ({ level: 'Enhanced', certificate_number: '', seen_on: '', seen_by: '', update_service: false, recheck_due: '' });

export function volunteerForm(volunteer: Volunteer | null): VolunteerForm {
  if (!volunteer) {
    return {
      full_name: '', phone: '', email: '', roles: [], qualifications: [], usual_days: [], away: [], notes: '',
      has_dbs: false, dbs: blankDbs(),
    };
  }
  const { id: _, archived: __, dbs, ...details } = volunteer;
  return {
    ...structuredClone(details),
    has_dbs: dbs !== null,
    dbs: dbs ? { ...dbs } : blankDbs(),
  };
}

export function checkVolunteer(form: VolunteerForm): Errors {
  const errors: Errors = {};
  required(errors, 'full_name', 'Name', form.full_name);
  if (form.roles.length === 0) errors.roles = 'Choose at least one role they can fill.';
  if (form.usual_days.length === 0) errors.usual_days = 'Choose at least one day they are usually free; without one they could never be on the rota.';
  for (const q of form.qualifications) {
    if (!q.name.trim()) errors.qualifications = "Each qualification's name is required.";
    else if (!isRealDate(q.issued_on)) errors.qualifications = `${q.name}: give the date it was issued.`;
    else if (q.expires_on && !isRealDate(q.expires_on)) errors.qualifications = `${q.name}: give a real expiry date, or leave it empty.`;
  }
  if (form.away.some((range) => !isRealDate(range.from) || !isRealDate(range.to))) errors.away = 'Give both dates of each time away.';
  if (form.has_dbs) {
    required(errors, 'dbs_certificate_number', 'The DBS certificate number', form.dbs.certificate_number);
    if (!isRealDate(form.dbs.seen_on)) errors.dbs_seen_on = 'Give the date the certificate was seen.';
    required(errors, 'dbs_seen_by', 'Who saw the certificate', form.dbs.seen_by);
    if (!isRealDate(form.dbs.recheck_due)) errors.dbs_recheck_due = 'Give the date a recheck is due.';
  }
  return errors;
}

export function volunteerDetails(form: VolunteerForm): VolunteerDetails {
  const { has_dbs, dbs, ...details } = form;
  return {
    ...details,
    qualifications: form.qualifications.map((q) => ({ ...q, expires_on: q.expires_on || null })),
    dbs: has_dbs ? { ...dbs } : null,
  };
}
