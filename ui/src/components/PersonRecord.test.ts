import type { ParticipantId } from '../lib/bindings/ParticipantId';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import PersonRecord from './PersonRecord.svelte';
import { activity, person } from '../testing';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("A person's record", () => {
  it('adds them back to an activity they left, with the date refused by its field until it is after they left', async () => {
    const enrolled: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'participant_record')
        return {
          participant: person('p1', 'Gwenllian Ŵyn'),
          activities: [
            { activity: 'walk', activity_name: 'Tuesday Health Walk', joined_on: '2026-01-06', left_on: null },
            { activity: 'garden', activity_name: 'Community Garden', joined_on: '2026-02-04', left_on: '2026-10-01' },
          ],
          attendance: [],
          consents: [],
          referrals: [],
          history: [],
          gender: 'Not recorded',
          ethnicity: 'Not recorded',
        };
      if (cmd === 'participant_letters' || cmd === 'access_requests' || cmd === 'person_log' || cmd === 'outcomes_for' || cmd === 'outcome_instruments') return [];
      if (cmd === 'list_activities') return [activity('walk', 'Tuesday Health Walk'), activity('garden', 'Community Garden')];
      if (cmd === 'enrol') {
        const request = (args as { request: { on: string } }).request;
        if (request.on < '2026-10-01')
          throw { code: 'validation', message: 'They left on 1 October 2026; joining again must be on or after that.', field: 'joined_on' };
        enrolled.push(request);
        return null;
      }
      return null;
    });
    render(PersonRecord, { participantId: 'p1' as ParticipantId });

    const choice = (await screen.findByLabelText('Add to an activity')) as HTMLSelectElement;
    // Only the activity they are not going to now is offered.
    expect([...choice.options].map((o) => o.textContent)).toEqual(['(choose)', 'Community Garden']);

    await fireEvent.click(screen.getByText('Add'));
    expect(await screen.findByText('Choose the activity.')).toBeTruthy();

    choice.selectedIndex = 1;
    await fireEvent.change(choice);
    const from = screen.getByLabelText('From') as HTMLInputElement;
    await fireEvent.input(from, { target: { value: '2026-09-01' } });
    await fireEvent.click(screen.getByText('Add'));
    const error = await screen.findByText('They left on 1 October 2026; joining again must be on or after that.');
    expect(error.id).toBe('join-on-error');
    expect(enrolled).toEqual([]);

    await fireEvent.input(from, { target: { value: '2026-11-02' } });
    await fireEvent.click(screen.getByText('Add'));
    await vi.waitFor(() => expect(enrolled).toEqual([{ activity: 'garden', participant: 'p1', on: '2026-11-02' }]));
  });

  it('records a request to see what is held, shows when it is due, and takes the core’s refusal of an extension beside its field', async () => {
    const sent: [string, unknown][] = [];
    let requests = [] as unknown[];
    mockIPC((cmd, args) => {
      if (cmd === 'participant_record')
        return { participant: person('p1', 'Gwenllian Ŵyn'), activities: [], attendance: [], consents: [], referrals: [], history: [] };
      if (cmd === 'participant_letters' || cmd === 'list_activities' || cmd === 'person_log' || cmd === 'outcomes_for' || cmd === 'outcome_instruments') return [];
      if (cmd === 'access_requests') return requests;
      if (cmd === 'record_access_request') {
        sent.push([cmd, args]);
        const request = { id: 'r1', participant: 'p1', received_on: '2026-11-13', extended_to: null, answered_on: null };
        requests = [{ request, participant_name: 'Gwenllian Ŵyn', due_on: '2026-12-13', status: 'due in 12 days', words: 'Subject access for Gwenllian Ŵyn: due in 12 days' }];
        return request;
      }
      if (cmd === 'extend_access_request') throw { code: 'validation', message: 'An extension runs to a date after the usual month and no later than Saturday 13 February 2027.', field: 'extended_to' };
      return null;
    });
    render(PersonRecord, { participantId: 'p1' as ParticipantId });

    const received = (await screen.findByLabelText('A request received on')) as HTMLInputElement;
    await fireEvent.input(received, { target: { value: '2026-11-13' } });
    await fireEvent.click(screen.getByText('Record the request'));
    expect(await screen.findByText(/Request received .* 13 November 2026: due in 12 days/)).toBeTruthy();
    expect(sent).toEqual([['record_access_request', { participant: 'p1', receivedOn: '2026-11-13' }]]);

    await fireEvent.click(screen.getByText('Extend…'));
    await fireEvent.input(screen.getByLabelText('A complex request: extend to'), { target: { value: '2027-06-01' } });
    await fireEvent.click(screen.getByText('Extend'));
    expect(await screen.findByText(/no later than Saturday 13 February 2027/)).toBeTruthy();
  });
});
