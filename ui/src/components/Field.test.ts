import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import Field from './Field.svelte';

afterEach(cleanup);

const input = (extra = '') => createRawSnippet(() => ({ render: () => `<input id="person-name" ${extra} />` }));

describe('A field', () => {
  it('ties its error to the control for screen readers, and lets go when the error is put right', async () => {
    const { rerender } = render(Field, { id: 'person-name', label: 'Full name', error: 'Give their name.', children: input() });
    const control = screen.getByLabelText('Full name');
    expect(control.getAttribute('aria-describedby')).toBe('person-name-error');
    expect(control.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('person-name-error')?.textContent).toBe('Give their name.');
    await rerender({ error: '' });
    expect(control.hasAttribute('aria-describedby')).toBe(false);
    expect(control.hasAttribute('aria-invalid')).toBe(false);
  });

  it('keeps a description the control has of its own, after its hint', () => {
    render(Field, { id: 'person-name', label: 'Find a person', hint: 'Part of a name', children: input('aria-describedby="keys-help"') });
    expect(screen.getByLabelText('Find a person').getAttribute('aria-describedby')).toBe('keys-help person-name-hint');
  });
});
