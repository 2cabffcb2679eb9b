// Where an error is shown: beside the field it names (and focused), or in
// the form's banner when it names none.
import { tick } from 'svelte';

export type Errors = Record<string, string>;

/**
 * Where a refusal from the host goes: next to its field (focused) when it
 * names one, otherwise in the returned banner text.
 */
export function placeError(e: unknown, show: (errors: Errors) => void, form: EventTarget | null): string {
  if (e && typeof e === 'object' && 'field' in e && 'message' in e && typeof e.field === 'string' && e.field) {
    show({ [e.field]: String(e.message) });
    focusFirstInvalid(form);
    return '';
  }
  return e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
}

/** Moves focus to the first field marked invalid, once the errors are on screen. */
export async function focusFirstInvalid(form: EventTarget | null): Promise<void> {
  await tick();
  if (form instanceof HTMLElement) form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
