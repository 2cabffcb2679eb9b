import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
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
