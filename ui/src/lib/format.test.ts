import { describe, expect, it } from 'vitest';
import { counted, times } from './format';

describe('Counts in words', () => {
  it('says once, twice, then times, and one mark but two marks', () => {
    expect([times(1), times(2), times(3), times(1200)]).toEqual(['once', 'twice', '3 times', '1,200 times']);
    expect([counted(1, 'mark', 'marks'), counted(0, 'mark', 'marks'), counted(2, 'person', 'people')]).toEqual(['1 mark', '0 marks', '2 people']);
  });
});
