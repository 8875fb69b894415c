/**
 * The generic generators the bench compares with (orval, @hey-api/openapi-ts) are not root
 * dependencies: they declare Node >= 22, so the root `npm ci` warned about each of them and their
 * dependencies on Node 20, and every contributor and CI run installed them for nothing. They have
 * their own package.json and lockfile in bench/, installed with `npm ci` there on the first run,
 * and again whenever bench/package-lock.json changes (a stamp records the lockfile installed).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH, BENCH_MODULES } from './paths.js';

const LOCKFILE = join(BENCH, 'package-lock.json');
const STAMP = join(BENCH_MODULES, '.installed-lockfile-sha256');

const lockfileHash = () => createHash('sha256').update(readFileSync(LOCKFILE)).digest('hex');

/** Whether bench/node_modules holds exactly what bench/package-lock.json names. */
export function peersInstalled() {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === lockfileHash();
}

/** The npm command: the one running `npm run bench` when there is one, else `npm` from PATH. */
function npmCommand() {
  const execPath = process.env['npm_execpath'];
  return execPath && /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : ['npm', []];
}

/** Installs the bench's own dependencies unless they are already there; throws one line when npm fails. */
export function ensurePeers(log = (line) => process.stderr.write(line + '\n')) {
  if (peersInstalled()) return false;
  log('bench: installing the generators it compares with (bench/package.json) into bench/node_modules…');
  if (Number(process.versions.node.split('.')[0]) < 22) {
    log(`bench: they declare Node >= 22, so npm warns (EBADENGINE) on Node ${process.versions.node}; they run on it all the same.`);
  }
  const [command, prefix] = npmCommand();
  const ran = spawnSync(command, [...prefix, 'ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: BENCH, stdio: 'inherit', shell: process.platform === 'win32' });
  if (ran.status !== 0) throw new Error(`bench: \`npm ci\` in ${BENCH} failed (exit ${ran.status ?? ran.signal ?? ran.error?.message})`);
  writeFileSync(STAMP, lockfileHash() + '\n');
  return true;
}
