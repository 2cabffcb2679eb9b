// A person's details as the form holds them (the date of birth in three
// boxes, the GOV.UK pattern), checked for what the browser must know
// before sending, and turned into the details the core checks and keeps.
import type { ParticipantDetails } from '../bindings/ParticipantDetails';
import type { Gender } from '../bindings/Gender';
import type { Ethnicity } from '../bindings/Ethnicity';
import { isRealDate, required } from './checks';
import type { Errors } from './errors';

export interface ParticipantForm {
  full_name: string;
  preferred_name: string;
  /** The date of birth as typed, in three boxes. */
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
  /** For reports; '' when not said. */
  gender: Gender | '';
  ethnicity: Ethnicity | '';
  consent_hold: boolean;
  consent_share: boolean;
  /** The date the consents were given or refused. */
  consent_on: string;
}

export function emptyParticipantForm(today: string): ParticipantForm {
  return {
    full_name: '', preferred_name: '', dob_day: '', dob_month: '', dob_year: '', nhs_number: '', phone: '', email: '', address: '', postcode: '',
    contact_name: '', contact_relationship: '', contact_phone: '', needs: '', access_needs: '', gender: '', ethnicity: '', consent_hold: true, consent_share: false, consent_on: today,
  };
}

/** The name is filled in, and the dates are whole, real dates. */
export function checkParticipant(form: ParticipantForm): Errors {
  const errors: Errors = {};
  required(errors, 'full_name', 'Name', form.full_name);
  const dob = dateOfBirthProblem(form);
  if (dob) errors.date_of_birth = dob;
  if (!isRealDate(form.consent_on)) errors.consent_on = 'Give the date consent was given or refused.';
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
    gender: details.gender ?? '', ethnicity: details.ethnicity ?? '',
    consent_hold: details.consents.hold_data?.given ?? false, consent_share: details.consents.share_with_referrer?.given ?? false,
  };
}

/** The details as typed. The NHS number goes as typed: the core checks it
 * when saving, and a half-typed one simply matches no one as a look-alike. */
export function participantDetails(form: ParticipantForm, today: string): ParticipantDetails {
  const consent = (given: boolean) => ({ given, on: form.consent_on || today });
  return {
    full_name: form.full_name.trim(),
    preferred_name: form.preferred_name.trim(),
    date_of_birth: dateOfBirth(form),
    nhs_number: form.nhs_number.trim() || null,
    address: form.address.trim(),
    postcode: form.postcode.trim(),
    phone: form.phone.trim(),
    email: form.email.trim(),
    emergency_contact: { name: form.contact_name.trim(), relationship: form.contact_relationship.trim(), phone: form.contact_phone.trim() },
    needs: form.needs.trim(),
    access_needs: form.access_needs.trim(),
    gender: form.gender || null,
    ethnicity: form.ethnicity || null,
    consents: { hold_data: consent(form.consent_hold), share_with_referrer: consent(form.consent_share), contact_by_phone: null, contact_by_sms: null, contact_by_email: null },
    status: 'active',
  };
}
