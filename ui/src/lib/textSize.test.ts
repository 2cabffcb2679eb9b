import { describe, expect, it } from 'vitest';
import { textSizeForKey } from './textSize.svelte';

const key = (k: string, ctrl = true) => new KeyboardEvent('keydown', { key: k, ctrlKey: ctrl });

describe('Ctrl + and Ctrl −', () => {
  it('step the text size within 100% and 200%, and Ctrl 0 goes back to 100%', () => {
    expect(textSizeForKey(key('='), 100)).toBe(110);
    expect(textSizeForKey(key('+'), 175)).toBe(200);
    expect(textSizeForKey(key('+'), 200)).toBe(200);
    expect(textSizeForKey(key('-'), 110)).toBe(100);
    expect(textSizeForKey(key('-'), 100)).toBe(100);
    expect(textSizeForKey(key('0'), 150)).toBe(100);
    expect(textSizeForKey(key('+'), 120)).toBe(125);
    expect(textSizeForKey(key('a'), 100)).toBeNull();
    expect(textSizeForKey(key('+', false), 100)).toBeNull();
  });
});
