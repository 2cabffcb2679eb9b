// Volunteer forms: blank and from a saved volunteer, checked before sending.
import type { Day } from './bindings/Day';
import type { Volunteer } from './bindings/Volunteer';
import type { VolunteerDetails } from './bindings/VolunteerDetails';
import { isRealDate, type Errors } from './validation';

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

/** Three years on from `iso`: the usual DBS recheck. */
export function threeYearsOn(iso: string): string {
  if (!isRealDate(iso)) return '';
  const on = `${Number(iso.slice(0, 4)) + 3}${iso.slice(4)}`;
  // 29 February has no match three years on: the day before instead.
  return isRealDate(on) ? on : on.replace(/-29$/, '-28');
}

export function validateVolunteer(form: VolunteerForm): Errors {
  const errors: Errors = {};
  if (!form.full_name.trim()) errors.full_name = 'Name is required.';
  if (form.roles.length === 0) errors.roles = 'Choose at least one role they can fill.';
  if (form.usual_days.length === 0) errors.usual_days = 'Choose at least one day they are usually free; without one they could never be on the rota.';
  for (const q of form.qualifications) {
    if (!q.name.trim()) errors.qualifications = 'Give each qualification a name, or remove it.';
    else if (!isRealDate(q.issued_on)) errors.qualifications = `${q.name}: give the date it was issued.`;
    else if (q.expires_on && q.expires_on <= q.issued_on) errors.qualifications = `${q.name}: the expiry date must be after the date it was issued.`;
  }
  for (const range of form.away) {
    if (!isRealDate(range.from) || !isRealDate(range.to)) errors.away = 'Give both dates of each time away.';
    else if (range.to < range.from) errors.away = 'A time away cannot end before it starts.';
  }
  if (form.has_dbs) {
    if (!/^\d{12}$/.test(form.dbs.certificate_number.trim())) errors.dbs_certificate_number = 'A DBS certificate number is 12 digits, printed at the top right of the certificate.';
    if (!isRealDate(form.dbs.seen_on)) errors.dbs_seen_on = 'Give the date the certificate was seen.';
    if (!form.dbs.seen_by.trim()) errors.dbs_seen_by = 'Who saw the certificate is required.';
    if (!isRealDate(form.dbs.recheck_due)) errors.dbs_recheck_due = 'Give the date a recheck is due.';
    else if (form.dbs.recheck_due <= form.dbs.seen_on) errors.dbs_recheck_due = 'The recheck date must be after the date the certificate was seen.';
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
