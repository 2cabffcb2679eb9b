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

  it('lists look-alike rows and imports one only when it is ticked', async () => {
    const requests: { include_look_alikes: number[] }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'choose_import_file') return { file_name: 'people.csv', headers: ['Name'], columns: ['name'], sample: [['zoe ni bhriain']], rows: 2 };
      if (cmd === 'check_import' || cmd === 'run_import') {
        const request = (args as { request: { include_look_alikes: number[] } }).request;
        requests.push(request);
        const ticked = request.include_look_alikes.includes(2);
        return {
          rows: 2, imported: ticked ? 2 : 1, already_in_tend: 0, enrolled: 0, rejected: [],
          look_alikes: ticked ? [] : [{ row: 2, reason: 'Row 2: Possibly already in Tend as Zoë Ní Bhriain, born 14/06/1951 (the same name)' }],
        };
      }
      return null;
    });
    render(ImportPanel, { activities: [], ondone: () => {} });
    await fireEvent.click(screen.getByText('Import from a spreadsheet (CSV or Excel)…'));
    const row = (await screen.findByLabelText(/Row 2: Possibly already in Tend as Zoë Ní Bhriain/)) as HTMLInputElement;
    expect(row.checked).toBe(false);
    expect(await screen.findByText('Import 1 person')).toBeTruthy();
    await fireEvent.click(row);
    expect(await screen.findByText('Import 2 people')).toBeTruthy();
    expect((screen.getByLabelText(/Row 2: Possibly already/) as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByText('Import 2 people'));
    expect(requests[requests.length - 1].include_look_alikes).toEqual([2]);
  });
});
