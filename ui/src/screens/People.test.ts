import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import People from './People.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const person = (id: string, full_name: string) => ({
  id, full_name, preferred_name: '', date_of_birth: null, nhs_number: null, address: '', postcode: '', phone: '', email: '',
  emergency_contact: { name: '', relationship: '', phone: '' }, needs: '', access_needs: '',
  consents: { hold_data: null, share_with_referrer: null, contact_by_phone: null, contact_by_email: null }, status: 'active', created_on: '2026-11-22',
});

describe('People', () => {
  it('shows a name that looks like HTML as plain text', async () => {
    mockIPC((cmd) => {
      if (cmd === 'list_participants') return [person('1', '<img src=x onerror=alert(1)>'), person('2', 'Zoë Ní Bhriain')];
      if (cmd === 'list_activities') return [];
      return null;
    });
    const { container } = render(People);
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(screen.getByText('Zoë Ní Bhriain')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });
});
