import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import EncryptionPanel from './EncryptionPanel.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

const status = (unlocks_automatically: boolean) => ({
  encrypted: true,
  setting_up: false,
  check_group: null,
  passphrase_min_chars: 10,
  unlocks_automatically,
});

describe('EncryptionPanel', () => {
  it('says beside the box when there is no keychain, and leaves it unticked', async () => {
    const NO_KEYCHAIN = 'This computer has no keychain Tend can use (or it is locked), so Tend cannot unlock by itself here. Type the passphrase each time Tend opens.';
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'encryption_status') return status(false);
      if (cmd === 'set_unlock_automatically') {
        asked.push(args);
        throw { code: 'conflict', message: NO_KEYCHAIN, field: 'unlock_automatically' };
      }
      return null;
    });
    render(EncryptionPanel, { onchanged: () => {} });
    const box = (await screen.findByLabelText('Unlock automatically on this computer')) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    const error = await screen.findByText(NO_KEYCHAIN);
    expect(error.id).toBe('unlock_automatically-error');
    expect(box.checked).toBe(false);
    expect(asked).toEqual([{ on: true }]);
  });

  it('turns it on where the keychain takes the key, and off again', async () => {
    let on = false;
    mockIPC((cmd, args) => {
      if (cmd === 'encryption_status') return status(on);
      if (cmd === 'set_unlock_automatically') {
        on = (args as { on: boolean }).on;
        return status(on);
      }
      return null;
    });
    render(EncryptionPanel, { onchanged: () => {} });
    const box = (await screen.findByLabelText('Unlock automatically on this computer')) as HTMLInputElement;
    await fireEvent.click(box);
    expect(await screen.findByText('Tend will now open on this computer without asking for the passphrase.')).toBeTruthy();
    expect(box.checked).toBe(true);
    await fireEvent.click(box);
    expect(await screen.findByText('Tend will ask for the passphrase again each time it opens.')).toBeTruthy();
    expect(box.checked).toBe(false);
    expect(on).toBe(false);
  });
});
