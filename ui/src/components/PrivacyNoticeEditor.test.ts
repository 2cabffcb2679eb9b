import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import PrivacyNoticeEditor from './PrivacyNoticeEditor.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('the privacy notice editor', () => {
  it('previews the wording as the core fills it in, and keeps a broken one from being saved', async () => {
    const saved: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'privacy_notice_template') return '# Who we are\n{{ organisation.name }}';
      if (cmd === 'preview_privacy_notice') {
        const text = (args as { text: string }).text;
        if (text.includes('participant')) throw { code: 'validation', message: 'Line 2: undefined value.', field: 'template' };
        return text.replace('{{ organisation.name }}', 'Cwm Taf Walkers');
      }
      if (cmd === 'save_privacy_notice_template') saved.push(args);
      return null;
    });
    render(PrivacyNoticeEditor);
    expect(await screen.findByText(/Cwm Taf Walkers/)).toBeTruthy();

    const wording = screen.getByLabelText('Wording') as HTMLTextAreaElement;
    await fireEvent.input(wording, { target: { value: '# Who we are\n{{ participant.name }}' } });
    expect(await screen.findByText('Line 2: undefined value.', {}, { timeout: 2000 })).toBeTruthy();
    expect((screen.getByText('Save wording') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByText('Print the privacy notice') as HTMLButtonElement).disabled).toBe(true);
    expect(saved).toEqual([]);
  });
});
