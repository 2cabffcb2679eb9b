import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import People from './People.svelte';
import { person } from '../testing';

afterEach(() => {
  cleanup();
  clearMocks();
});


describe('People', () => {
  it('shows a name that looks like HTML as plain text', async () => {
    mockIPC((cmd) => {
      if (cmd === 'people_page')
        return {
          total: 2,
          matching: 2,
          people: [
            { id: '1', full_name: '<img src=x onerror=alert(1)>', preferred_name: '', date_of_birth: null },
            { id: '2', full_name: 'Zoë Ní Bhriain', preferred_name: '', date_of_birth: null },
          ],
        };
      if (cmd === 'list_activities') return [];
      return null;
    });
    const { container } = render(People);
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(screen.getByText('Zoë Ní Bhriain')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });

  it('asks the core for look-alikes as a name is typed, and sends "someone new" only when ticked', async () => {
    const added: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'people_page') return { total: 1, matching: 1, people: [{ id: 'z', full_name: 'Zoë Ní Bhriain', preferred_name: '', date_of_birth: '1951-06-14' }] };
      if (cmd === 'list_activities') return [];
      if (cmd === 'demographic_choices') return { genders: [{ value: 'female', label: 'Female', group: '' }], ethnicities: [] };
      if (cmd === 'look_alikes') {
        const name = (args as { query: { details: { full_name: string } } }).query.details.full_name;
        return name.toLowerCase().startsWith('zoe')
          ? [{ person: { id: 'z', full_name: 'Zoë Ní Bhriain', preferred_name: '', date_of_birth: '1951-06-14' }, reason: 'same_name', words: 'Possibly already in Tend as Zoë Ní Bhriain, born 14/06/1951 (the same name)' }]
          : [];
      }
      if (cmd === 'add_participant') {
        added.push((args as { request: unknown }).request);
        return person('new', 'Zoe Ni Bhriain');
      }
      return null;
    });
    render(People);
    await fireEvent.click(await screen.findByText('Add a person'));
    await fireEvent.input(screen.getByLabelText('Full name'), { target: { value: 'Zoe Ni Bhriain' } });
    expect(await screen.findByText(/Possibly already in Tend as Zoë Ní Bhriain, born 14\/06\/1951/)).toBeTruthy();
    await fireEvent.click(screen.getByLabelText('This is someone new, not any of these'));
    await fireEvent.click(screen.getByText('Save person'));
    await vi.waitFor(() => expect(added).toHaveLength(1));
    expect((added[0] as { confirmed_new: boolean }).confirmed_new).toBe(true);
  });
});
