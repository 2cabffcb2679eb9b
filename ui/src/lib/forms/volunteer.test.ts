import type { RoleId } from '../bindings/RoleId';
import { describe, expect, it } from 'vitest';
import { monthName } from '../format';
import { checkVolunteer, volunteerDetails, volunteerForm } from './volunteer';

function filled() {
  const form = volunteerForm(null);
  form.full_name = 'Dafydd ap Gwilym';
  form.roles = ['role-1' as RoleId];
  form.usual_days = ['Tuesday'];
  return form;
}

describe('volunteer form', () => {
  it('asks for a name, a role and a day free', () => {
    const errors = checkVolunteer(volunteerForm(null));
    expect(errors.full_name).toBe('Name is required.');
    expect(errors.roles).toBe('Choose at least one role they can fill.');
    expect(errors.usual_days).toMatch(/at least one day/);
    expect(checkVolunteer(filled())).toEqual({});
  });

  it('asks for the dates a DBS check needs, and leaves their order and the number’s digits to the core', () => {
    const form = filled();
    form.has_dbs = true;
    form.dbs = { level: 'Enhanced', certificate_number: '', seen_on: '2026-02-31', seen_by: '', update_service: false, recheck_due: '' };
    expect(Object.keys(checkVolunteer(form)).sort()).toEqual(['dbs_certificate_number', 'dbs_recheck_due', 'dbs_seen_by', 'dbs_seen_on']);
    form.dbs = { level: 'Enhanced', certificate_number: '1234', seen_on: '2026-01-10', seen_by: 'Carys', update_service: false, recheck_due: '2025-01-10' };
    expect(checkVolunteer(form)).toEqual({});
  });

  it('sends no DBS record unless one was seen, and blank expiries as none', () => {
    const form = filled();
    form.qualifications = [{ name: 'Walk leader training', issued_on: '2026-05-01', expires_on: '' }];
    const details = volunteerDetails(form);
    expect(details.dbs).toBeNull();
    expect(details.qualifications[0].expires_on).toBeNull();
    expect(monthName('2026-12')).toBe('December 2026');
  });
});
