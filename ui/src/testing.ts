// Made-up records for the UI's tests, shaped as the host sends them.
import type { ActivityId } from './lib/bindings/ActivityId';
import type { ParticipantId } from './lib/bindings/ParticipantId';
import type { Participant } from './lib/bindings/Participant';
import type { Activity } from './lib/bindings/Activity';

export const person = (id: string, full_name: string): Participant => ({
  id: id as ParticipantId, full_name, preferred_name: '', date_of_birth: null, nhs_number: null, address: '', postcode: '', phone: '', email: '',
  emergency_contact: { name: '', relationship: '', phone: '' }, needs: '', access_needs: '', gender: null, ethnicity: null,
  consents: { hold_data: null, share_with_referrer: null, contact_by_phone: null, contact_by_sms: null, contact_by_email: null }, status: 'active', created_on: '2026-11-22', history: [],
});

export const activity = (id: string, name: string): Activity => ({
  id: id as ActivityId, name, kind: 'garden', meeting_place: 'Allotments', recurrence: { pattern: 'weekly', day: 'Wednesday' }, start_time: '10:00:00',
  duration_minutes: 120, capacity: null, leader: '', roles_needed: [], last_risk_assessment: null, runs_on_bank_holidays: false,
});
