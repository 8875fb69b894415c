/**
 * Measurement for the issue: how long validating a 100-note timeline response takes (median of
 * repetitions), beside JSON.parse of the same body for scale. Printed, not asserted tightly: only a
 * bound generous enough for a loaded 2-core CI machine, to catch a pathological slowdown.
 */
import { describe, expect, it } from 'vitest';
import { validateResult } from '../../runtime/validate.js';
import { fromSources } from '../helpers/from-sources.js';
import { sampler } from '../helpers/drift-server.js';

const { resultSchemas } = await fromSources<typeof import('../../generated/misskey-2026.7.0/validation.js')>('validation.ts');

/** 100 notes as rich as real ones: user, reply, renote, files, poll, channel, reactions and emojis. */
function timeline(): unknown[] {
  return Array.from({ length: 100 }, (_, i) => {
    const note = sampler.sample({ $ref: '#/components/schemas/Note' }, { full: true, depth: 4, items: 2 }) as Record<string, unknown>;
    note['id'] = `note${i}`;
    note['reactions'] = Object.fromEntries(['👍', '❤', '😆', ':blobcat@.:', ':misskey@.:', '🎉'].map((k, j) => [k, j + 1]));
    note['emojis'] = Object.fromEntries(['blobcat', 'misskey', 'ai', 'party'].map((k) => [k, `https://example.tld/emoji/${k}.webp`]));
    return note;
  });
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('validation cost', () => {
  it('validating a 100-note timeline (notes/timeline) — median of 51 runs', () => {
    const body = JSON.stringify(timeline());
    const notes = JSON.parse(body) as unknown;
    expect(validateResult(resultSchemas, 'notes/timeline', notes)).toEqual([]);
    for (let i = 0; i < 5; i++) validateResult(resultSchemas, 'notes/timeline', notes); // warm up
    const validate: number[] = [];
    const parse: number[] = [];
    for (let i = 0; i < 51; i++) {
      let t = performance.now();
      validateResult(resultSchemas, 'notes/timeline', notes);
      validate.push(performance.now() - t);
      t = performance.now();
      JSON.parse(body);
      parse.push(performance.now() - t);
    }
    const ms = median(validate);
    console.log(
      `validating a 100-note timeline (${(body.length / 1024).toFixed(0)} KiB of JSON): median ${ms.toFixed(2)} ms ` +
        `(min ${Math.min(...validate).toFixed(2)}, max ${Math.max(...validate).toFixed(2)}); JSON.parse of the same body: median ${median(parse).toFixed(2)} ms`,
    );
    expect(ms).toBeLessThan(1000);
  });
});
