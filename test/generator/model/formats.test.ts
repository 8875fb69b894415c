/** generator/model/formats.ts: format spellings that mean the same. */
import { describe, expect, it } from 'vitest';
import { canonicalFormat } from '../../../generator/model/formats.js';

describe('canonicalFormat', () => {
  it("reads Misskey's `id` (older servers, forks, packed entities) as `misskey:id`, and every other format as itself", () => {
    expect(canonicalFormat('id')).toBe('misskey:id');
    expect(canonicalFormat('misskey:id')).toBe('misskey:id');
    expect(canonicalFormat('date-time')).toBe('date-time');
  });
});
