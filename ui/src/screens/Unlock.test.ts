import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Unlock from './Unlock.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('Unlock', () => {
  it('says a wrong passphrase next to its field, and opens with the right one', async () => {
    const tried: unknown[] = [];
    let unlocked = false;
    mockIPC((cmd, args) => {
      if (cmd === 'unlock_with_this_computer') return { unlocked: false, problem: null };
      if (cmd !== 'unlock') return null;
      tried.push(args);
      const { secret } = args as { secret: string };
      if (secret !== 'the canal path after rain') throw { code: 'wrong_passphrase', message: 'That passphrase does not open this data.', field: 'passphrase' };
      return null;
    });
    render(Unlock, { dataDir: '/data', onunlocked: () => (unlocked = true) });
    const field = screen.getByLabelText('Passphrase') as HTMLInputElement;
    await fireEvent.input(field, { target: { value: 'the canal path after snow' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    const error = await screen.findByText('That passphrase does not open this data.');
    expect(error.id).toBe('passphrase-error');
    expect(field.getAttribute('aria-describedby')).toBe('passphrase-error');
    expect(unlocked).toBe(false);

    await fireEvent.input(field, { target: { value: 'the canal path after rain' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('button', { name: 'Unlock' });
    await new Promise((r) => setTimeout(r, 0));
    expect(unlocked).toBe(true);
    expect(tried).toEqual([
      { secret: 'the canal path after snow', recovery: false },
      { secret: 'the canal path after rain', recovery: false },
    ]);
  });

  it('takes the recovery key instead, sent as one', async () => {
    const tried: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'unlock_with_this_computer') return { unlocked: false, problem: null };
      if (cmd === 'unlock') tried.push(args);
      return null;
    });
    render(Unlock, { dataDir: '/data', onunlocked: () => {} });
    await fireEvent.click(screen.getByRole('button', { name: 'Use the recovery key instead' }));
    const field = screen.getByLabelText('Recovery key (from the Emergency sheet)');
    await fireEvent.input(field, { target: { value: '1wyc-29jg-kycx-1npf-kcme-3p0z-3ydp-tng0-3g8j' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(tried).toEqual([{ secret: '1wyc-29jg-kycx-1npf-kcme-3p0z-3ydp-tng0-3g8j', recovery: true }]);
  });

  it("opens by itself when this computer's keychain gives the key", async () => {
    let unlocked = false;
    mockIPC((cmd) => (cmd === 'unlock_with_this_computer' ? { unlocked: true, problem: null } : null));
    render(Unlock, { dataDir: '/data', onunlocked: () => (unlocked = true) });
    await new Promise((r) => setTimeout(r, 0));
    expect(unlocked).toBe(true);
  });

  it('says why the keychain did not open it, and still takes the passphrase', async () => {
    let unlocked = false;
    const problem = "This computer's keychain did not give Tend its key this time (it may be locked), so type the passphrase.";
    mockIPC((cmd) => (cmd === 'unlock_with_this_computer' ? { unlocked: false, problem } : null));
    render(Unlock, { dataDir: '/data', onunlocked: () => (unlocked = true) });
    expect(await screen.findByText(problem)).toBeTruthy();
    expect(screen.queryByText("Asking this computer's keychain…")).toBeNull();
    expect(unlocked).toBe(false);
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).disabled).toBe(false);
  });
});
