// Words the window shows for values the core sends.
import type { ActivityDetails } from './bindings/ActivityDetails';
import type { ReferralStatus } from './bindings/ReferralStatus';

/** A referral's status in plain words. */
export const statusNames: Record<ReferralStatus, string> = {
  received: 'Received',
  contacted: 'Contacted',
  first_attended: 'First attended',
  active: 'Active',
  closed: 'Closed',
};

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
