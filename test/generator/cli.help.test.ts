/**
 * The help people read, as the built CLI prints it. Snapshots so a change to it is seen in review;
 * the child's stdout is a pipe, so yargs wraps at its fixed fallback width (100), not the terminal's.
 */
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/specs.js';
import { runCli } from '../helpers/cli.js';

const pages: [string, string[]][] = [
  ['misskey-codegen --help', ['--help']],
  ['misskey-codegen generate --help', ['generate', '--help']],
  ['misskey-codegen auth --help', ['auth', '--help']],
  ['misskey-codegen diff --help', ['diff', '--help']],
  ['misskey-codegen probe --help', ['probe', '--help']],
  ['misskey-codegen usage --help', ['usage', '--help']],
];

// Each page is printed once and read by both checks: a CLI start costs about a second.
const printed = new Map<string, ReturnType<typeof runCli>>();
const help = (args: string[]) => {
  const key = args.join(' ');
  if (!printed.has(key)) printed.set(key, runCli(args));
  return printed.get(key)!;
};

describe('--help', () => {
  it.each(pages)('%s', async (_name, args) => {
    const result = await help(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const text = result.stdout;
    // A snapshot with a checkout path or a home folder in it would differ on every machine.
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/\/(home|Users|tmp)\//);
    expect(text).not.toContain('cli.js');
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(text).toMatchSnapshot();
  });

  it.each([...pages.slice(0, 3), pages[5]!])('%s shows examples, each a comment line and then the whole command', async (_name, args) => {
    const { stdout } = await help(args);
    expect(stdout).toContain('Examples:');
    const after = stdout.slice(stdout.indexOf('Examples:')).split('\n').slice(1);
    const end = after.findIndex((l) => l !== '' && !l.startsWith(' '));
    const block = (end === -1 ? after : after.slice(0, end)).filter((l) => l !== '');
    let commands = 0;
    let continues = false;
    for (const line of block) {
      // yargs' two-column .example() layout pads commands out to a description column and breaks them mid-argument.
      expect(line).not.toMatch(/\S {3,}\S/);
      if (continues) expect(line, 'continuation of a command ending with \\').toMatch(/^ {4}--/);
      else if (/^ {2}(TOKEN=\$\()?misskey-codegen \w+ /.test(line)) commands++;
      else expect(line, 'an example line is a # comment, a command or its continuation').toMatch(/^ {2}# \S/);
      continues = line.endsWith('\\');
    }
    expect(commands).toBeGreaterThanOrEqual(3);
  });
});

describe('no command', () => {
  it('exits 2 and names every command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Name a command: generate, diff, usage, probe, auth or mock/);
  });
});
