import { describe, expect, it } from 'vitest';
import { describeRecurrence } from '../labels';
import { activityDetails, blankActivityForm, checkActivity, type ActivityForm } from './activity';
import { checkDateRange, isRealDate, wholeNumber } from './checks';
import { checkParticipant, emptyParticipantForm, participantDetails } from './participant';

const walk: ActivityForm = { ...blankActivityForm('2026-03-01'), name: 'Tuesday Health Walk', meeting_place: 'Park gate' };

describe('dates', () => {
  it('knows 31 February is not a date', () => {
    expect(isRealDate('2026-02-31')).toBe(false);
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('03/03/2026')).toBe(false);
  });

  it('asks for real dates at both ends of a period, and leaves their order to the core', () => {
    expect(checkDateRange('2026-02-31', '')).toEqual({ from: 'Give a real start date.', to: 'Give a real end date.' });
    expect(checkDateRange('2026-03-10', '2026-03-01')).toEqual({});
  });
});

describe('numbers', () => {
  it('takes only whole numbers the request can carry', () => {
    expect(wholeNumber(' 90 ')).toBe(90);
    expect(wholeNumber('-3')).toBeNull();
    expect(wholeNumber('1.5')).toBeNull();
    expect(wholeNumber('')).toBeNull();
    expect(wholeNumber('70000')).toBeNull();
  });
});

describe('the activity form', () => {
  it('accepts a complete walk', () => {
    expect(checkActivity(walk)).toEqual({});
  });

  it('names each field left empty or not a number, in the core’s words', () => {
    const errors = checkActivity({ ...walk, name: '  ', duration_minutes: 'ninety', capacity: '-3' });
    expect(Object.keys(errors).sort()).toEqual(['capacity', 'duration_minutes', 'name']);
    expect(errors.name).toBe('Name is required.');
  });

  it('leaves ranges to the core: a length of 0 minutes is sent for it to refuse', () => {
    expect(checkActivity({ ...walk, duration_minutes: '0' })).toEqual({});
  });

  it('sends the pattern the coordinator chose, and words it back', () => {
    const monthly = activityDetails({ ...walk, pattern: 'monthly_nth', nth: '5', day: 'Monday' });
    expect(monthly.recurrence).toEqual({ pattern: 'monthly_nth', nth: 5, day: 'Monday' });
    expect(describeRecurrence(monthly.recurrence)).toBe('The last Monday of each month');
    const fortnightly = activityDetails({ ...walk, pattern: 'fortnightly', day: 'Friday', starting: '2026-03-06' });
    expect(describeRecurrence(fortnightly.recurrence)).toBe('Every other Friday');
  });

  it('asks for a starting date for a fortnightly pattern', () => {
    expect(checkActivity({ ...walk, pattern: 'fortnightly', starting: '2026-02-31' }).starting).toMatch(/date of one session/);
  });
});

describe('the participant form', () => {
  const today = '2026-11-22';

  it('refuses an empty name and 31 February', () => {
    const form = { ...emptyParticipantForm(today), dob_day: '31', dob_month: '2', dob_year: '1950' };
    const errors = checkParticipant(form);
    expect(errors.full_name).toBe('Name is required.');
    expect(errors.date_of_birth).toBe('There is no 31/2/1950: check the day and month.');
  });

  it('never reads a date of birth it cannot hold as blank', () => {
    const base = { ...emptyParticipantForm(today), full_name: 'Zoë Ní Bhriain' };
    expect(checkParticipant({ ...base, dob_day: '1', dob_month: '2', dob_year: '45' }).date_of_birth).toBe('Write the year in full, such as 1951.');
    expect(checkParticipant({ ...base, dob_day: '14', dob_month: '', dob_year: '1951' }).date_of_birth).toMatch(/day, month and year/);
    const good = { ...base, dob_day: '14', dob_month: '6', dob_year: '1951' };
    expect(checkParticipant(good)).toEqual({});
    expect(participantDetails(good, today).date_of_birth).toBe('1951-06-14');
    expect(participantDetails(base, today).date_of_birth).toBeNull();
  });

  it('sends the NHS number and a long note as typed, for the core to judge', () => {
    const form = { ...emptyParticipantForm(today), full_name: 'Siân Evans', nhs_number: ' 943 476 5918 ', needs: 'x'.repeat(5000) };
    expect(checkParticipant(form)).toEqual({});
    const details = participantDetails(form, today);
    expect(details.nhs_number).toBe('943 476 5918');
    expect(details.needs).toHaveLength(5000);
  });

  it('keeps Welsh and Polish letters and sends consents with today’s date', () => {
    const form = { ...emptyParticipantForm(today), full_name: ' Łukasz Wróbel ', consent_share: true };
    const details = participantDetails(form, today);
    expect(details.full_name).toBe('Łukasz Wróbel');
    expect(details.nhs_number).toBeNull();
    expect(details.consents.share_with_referrer).toEqual({ given: true, on: today });
  });
});
