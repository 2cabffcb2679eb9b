import type { ActivityId } from './bindings/ActivityId';
import type { ParticipantId } from './bindings/ParticipantId';
import type { SessionId } from './bindings/SessionId';
import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api, toApiError } from './api';

afterEach(() => clearMocks());

describe('the api layer', () => {
  it('sends each command its arguments by name', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === 'record_attendance' ? { mark: 'present' } : null;
    });
    await api.recordAttendance('s1' as SessionId, 'p1' as ParticipantId, 'present');
    await api.generateSessions({ activity: 'a1' as ActivityId, from: '2026-03-01', to: '2026-03-31' });
    expect(calls).toEqual([
      ['record_attendance', { request: { session: 's1', participant: 'p1', mark: 'present' } }],
      ['generate_sessions', { request: { activity: 'a1', from: '2026-03-01', to: '2026-03-31' } }],
    ]);
  });

  it('passes the host’s error on with its field', async () => {
    mockIPC(() => {
      throw { code: 'validation', message: 'Name is required.', field: 'full_name' };
    });
    await expect(api.createActivity({} as never)).rejects.toEqual({ code: 'validation', message: 'Name is required.', field: 'full_name' });
  });

  it('turns a bare string from the host into an error with a code', () => {
    expect(toApiError('invalid args')).toEqual({ code: 'invalid_request', message: 'Tend could not do that: invalid args' });
    expect(toApiError(undefined).code).toBe('unknown');
  });
});
