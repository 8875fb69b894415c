/** Usage mistakes as the built CLI reports them: one line, each name once, in English whatever $LANG says. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('usage mistakes', () => {
  it('an unknown dashed flag is named once, as typed (not also as its camelCase expansion)', async () => {
    const result = await runCli(['generate', '--out', 'x', '--bogus-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('misskey-codegen: Unknown argument: bogus-flag\n');
  });

  it('several unknown flags are each named once, camelCase ones as typed', async () => {
    const result = await runCli(['generate', '--out', 'x', '--bogus-flag', '--otherFlag', '--third']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('misskey-codegen: Unknown arguments: bogus-flag, otherFlag, third\n');
  });

  it('speaks English under a German locale (yargs would translate its own messages)', async () => {
    const result = await runCli(['generate'], { env: { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('misskey-codegen: Missing required argument: out\n');
  });
});
