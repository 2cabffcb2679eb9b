import type { RoleId } from './bindings/RoleId';
import { describe, expect, it } from 'vitest';
import { monthName } from './format';
import { threeYearsOn, validateVolunteer, volunteerDetails, volunteerForm } from './volunteers';

function filled() {
  const form = volunteerForm(null);
  form.full_name = 'Dafydd ap Gwilym';
  form.roles = ['role-1' as RoleId];
  form.usual_days = ['Tuesday'];
  return form;
}

describe('volunteer form', () => {
  it('asks for a name, a role and a day free', () => {
    const errors = validateVolunteer(volunteerForm(null));
    expect(errors.full_name).toBe('Name is required.');
    expect(errors.roles).toBe('Choose at least one role they can fill.');
    expect(errors.usual_days).toMatch(/at least one day/);
    expect(validateVolunteer(filled())).toEqual({});
  });

  it('refuses an expiry before the issue date and a short DBS number', () => {
    const form = filled();
    form.qualifications = [{ name: 'First aid certificate', issued_on: '2026-05-01', expires_on: '2026-04-01' }];
    form.has_dbs = true;
    form.dbs = { level: 'Enhanced', certificate_number: '1234', seen_on: '2026-01-10', seen_by: 'Carys', update_service: false, recheck_due: '2025-01-10' };
    const errors = validateVolunteer(form);
    expect(errors.qualifications).toBe('First aid certificate: the expiry date must be after the date it was issued.');
    expect(errors.dbs_certificate_number).toMatch(/12 digits/);
    expect(errors.dbs_recheck_due).toMatch(/after the date the certificate was seen/);
  });

  it('sends no DBS record unless one was seen, and blank expiries as none', () => {
    const form = filled();
    form.qualifications = [{ name: 'Walk leader training', issued_on: '2026-05-01', expires_on: '' }];
    const details = volunteerDetails(form);
    expect(details.dbs).toBeNull();
    expect(details.qualifications[0].expires_on).toBeNull();
  });

  it('suggests a recheck three years on, and names months', () => {
    expect(threeYearsOn('2026-03-14')).toBe('2029-03-14');
    expect(threeYearsOn('')).toBe('');
    expect(threeYearsOn('2028-02-29')).toBe('2031-02-28');
    expect(monthName('2026-12')).toBe('December 2026');
  });
});
