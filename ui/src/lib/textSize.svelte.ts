// The window's text size: kept in Settings by the core (which says what
// range is allowed) and applied to the whole page, so every rem grows.
import { api } from './api';

export const TEXT_SIZES = [100, 110, 125, 150, 175, 200];

/** The size in use, for the layout to follow (the menu folds when large). */
export const textSize = $state({ percent: 100 });

export function applyTextSize(percent: number): void {
  document.documentElement.style.fontSize = `${percent}%`;
  textSize.percent = percent;
}

/** Saves and applies a text size; the core refuses one out of range. */
export async function saveTextSize(percent: number): Promise<number> {
  const fresh = await api.getSettings();
  const saved = await api.saveSettings({ ...fresh, text_size: percent });
  applyTextSize(saved.text_size);
  return saved.text_size;
}

/** Ctrl + and Ctrl − a step along TEXT_SIZES; Ctrl 0 back to 100%. `null` for other keys. */
export function textSizeForKey(event: KeyboardEvent, current: number): number | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const at = TEXT_SIZES.findIndex((s) => s >= current);
  const here = at < 0 ? TEXT_SIZES.length - 1 : at;
  if (event.key === '+' || event.key === '=') return TEXT_SIZES[Math.min(TEXT_SIZES.length - 1, TEXT_SIZES[here] > current ? here : here + 1)];
  if (event.key === '-' || event.key === '_') return TEXT_SIZES[Math.max(0, here - 1)];
  if (event.key === '0') return 100;
  return null;
}
