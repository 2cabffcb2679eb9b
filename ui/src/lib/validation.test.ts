import { describe, expect, it } from 'vitest';
import { activityDetails, blankActivityForm, describeRecurrence, emptyParticipantForm, isRealDate, riskAssessmentDue, isValidNhsNumber, participantDetails, validateActivity, validateDateRange, validateParticipant, type ActivityForm } from './validation';

const walk: ActivityForm = { ...blankActivityForm('2026-03-01'), name: 'Tuesday Health Walk', meeting_place: 'Park gate' };

describe('dates', () => {
  it('knows 31 February is not a date', () => {
    expect(isRealDate('2026-02-31')).toBe(false);
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('03/03/2026')).toBe(false);
  });

  it('puts an end before the start next to the end field', () => {
    expect(validateDateRange('2026-03-10', '2026-03-01')).toEqual({ to: 'The end date is before the start date.' });
    expect(validateDateRange('2026-03-01', '2026-03-10')).toEqual({});
  });
});

describe('NHS numbers', () => {
  it('checks the modulus 11 digit', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('401-023-2137')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('12345')).toBe(false);
  });
});

describe('the activity form', () => {
  it('accepts a complete walk', () => {
    expect(validateActivity(walk)).toEqual({});
  });

  it('names each field that is wrong', () => {
    const errors = validateActivity({ ...walk, name: '  ', duration_minutes: '0', capacity: '-3' });
    expect(Object.keys(errors).sort()).toEqual(['capacity', 'duration_minutes', 'name']);
    expect(errors.name).toBe('Name is required.');
  });
});

describe('activity patterns', () => {
  it('sends the pattern the coordinator chose, and words it back', () => {
    const monthly = activityDetails({ ...walk, pattern: 'monthly_nth', nth: '5', day: 'Monday' });
    expect(monthly.recurrence).toEqual({ pattern: 'monthly_nth', nth: 5, day: 'Monday' });
    expect(describeRecurrence(monthly.recurrence)).toBe('The last Monday of each month');
    const fortnightly = activityDetails({ ...walk, pattern: 'fortnightly', day: 'Friday', starting: '2026-03-06' });
    expect(describeRecurrence(fortnightly.recurrence)).toBe('Every other Friday');
  });

  it('asks for a starting date for a fortnightly pattern', () => {
    expect(validateActivity({ ...walk, pattern: 'fortnightly', starting: '2026-02-31' }).starting).toMatch(/date of one session/);
  });

  it('warns when the risk assessment is over six months old or missing', () => {
    expect(riskAssessmentDue('2026-05-21', '2026-11-22')).toBe(true);
    expect(riskAssessmentDue('2026-05-23', '2026-11-22')).toBe(false);
    expect(riskAssessmentDue(null, '2026-11-22')).toBe(true);
  });
});

describe('the participant form', () => {
  const today = '2026-11-22';

  it('refuses an empty name, 31 February and a mistyped NHS number', () => {
    const form = { ...emptyParticipantForm(today), dob_day: '31', dob_month: '2', dob_year: '1950', nhs_number: '9434765918' };
    const errors = validateParticipant(form, today);
    expect(errors.full_name).toBe('Name is required.');
    expect(errors.date_of_birth).toBe('There is no 31/2/1950: check the day and month.');
    expect(errors.nhs_number).toMatch(/not valid/);
  });

  it('never reads a date of birth it cannot hold as blank', () => {
    const base = { ...emptyParticipantForm(today), full_name: 'Zoë Ní Bhriain' };
    expect(validateParticipant({ ...base, dob_day: '1', dob_month: '2', dob_year: '45' }, today).date_of_birth).toBe('Write the year in full, such as 1951.');
    expect(validateParticipant({ ...base, dob_day: '14', dob_month: '', dob_year: '1951' }, today).date_of_birth).toMatch(/day, month and year/);
    const good = { ...base, dob_day: '14', dob_month: '6', dob_year: '1951' };
    expect(validateParticipant(good, today)).toEqual({});
    expect(participantDetails(good, today).date_of_birth).toBe('1951-06-14');
    expect(participantDetails(base, today).date_of_birth).toBeNull();
  });

  it('refuses a 5,000-character note with its length', () => {
    const form = { ...emptyParticipantForm(today), full_name: 'Siân Evans', needs: 'x'.repeat(5000) };
    expect(validateParticipant(form, today).needs).toMatch(/5000 characters, the most is 4000/);
  });

  it('keeps Welsh and Polish letters and sends consents with today’s date', () => {
    const form = { ...emptyParticipantForm(today), full_name: ' Łukasz Wróbel ', nhs_number: '943 476 5919', consent_share: true };
    expect(validateParticipant(form, today)).toEqual({});
    const details = participantDetails(form, today);
    expect(details.full_name).toBe('Łukasz Wróbel');
    expect(details.nhs_number).toBe('9434765919');
    expect(details.consents.share_with_referrer).toEqual({ given: true, on: today });
  });
});
