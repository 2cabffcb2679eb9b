import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import ErrorSummary from './ErrorSummary.svelte';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

/** A form as Fields draw it: each error under its control, named after it. */
function form(errors: [string, string][]): HTMLFormElement {
  const element = document.createElement('form');
  element.innerHTML = errors
    .map(([id, message]) => `<div class="field"><input id="${id}" /><p class="error" id="${id}-error">${message}</p></div>`)
    .join('');
  document.body.append(element);
  return element;
}

describe('The error summary', () => {
  it('lists every problem the fields show, each a link that takes focus to its field', async () => {
    const element = form([['person-name', 'Give their name.'], ['person-dob', 'Give a real date.']]);
    render(ErrorSummary, { errors: { full_name: 'Give their name.', date_of_birth: 'Give a real date.' }, form: element });
    const links = await screen.findAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Give their name.', 'Give a real date.']);
    expect(screen.getByRole('heading').textContent).toBe('There are 2 things to put right');
    await fireEvent.click(links[1]);
    expect(document.activeElement?.id).toBe('person-dob');
  });

  it('stays away for a single problem, which shows beside its field', async () => {
    const element = form([['person-name', 'Give their name.']]);
    render(ErrorSummary, { errors: { full_name: 'Give their name.' }, form: element });
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole('link')).toBeNull();
  });
});
