import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import ImportPanel from './ImportPanel.svelte';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('Import from a spreadsheet', () => {
  it('previews, lets a column be changed, lists bad rows, then imports with the chosen columns', async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'choose_import_file')
        return {
          file_name: 'members.csv',
          headers: ['Name', 'Mobile', '<b>Notes</b>'],
          columns: ['name', 'phone', null],
          sample: [['Łukasz Wróbel', '07700 900123', '<script>alert(1)</script>']],
          rows: 3,
        };
      if (cmd === 'check_import' || cmd === 'run_import')
        return { rows: 3, imported: 2, already_in_tend: 0, enrolled: 0, rejected: [{ row: 3, reason: 'Row 3: it has no name.' }], look_alikes: [] };
      return null;
    });
    let done = '';
    const { container } = render(ImportPanel, { activities: [], ondone: (m: string) => (done = m) });

    await fireEvent.click(screen.getByText('Import from a spreadsheet (CSV or Excel)…'));
    expect(await screen.findByText('Import from members.csv')).toBeTruthy();
    expect(screen.getByText('<script>alert(1)</script>')).toBeTruthy();
    expect(container.querySelector('script, b')).toBeNull();
    expect(await screen.findByText('Row 3: it has no name.')).toBeTruthy();

    const notes = screen.getByLabelText('<b>Notes</b>') as HTMLSelectElement;
    notes.selectedIndex = [...notes.options].findIndex((o) => o.textContent === 'Address');
    await fireEvent.change(notes);
    await fireEvent.click(await screen.findByText('Import 2 people'));

    const run = calls.find((c) => c.cmd === 'run_import');
    expect(run?.args).toEqual({ request: { columns: ['name', 'phone', 'address'], activity: null, include_look_alikes: [] } });
    expect(done).toBe('Imported 2 people from members.csv. 1 row could not be imported.');
  });
});
