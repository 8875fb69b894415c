/**
 * 8. `usage` on an app: the fixture client app of the tests (test/fixtures/usage/client, 50+ files
 * importing the whole reference package), analysed by the built CLI in a fresh process, as CI runs
 * it. The target is absolute (no peer does this): at most 3 s on the CI machine's 2 cores.
 */
import { join } from 'node:path';
import { BIN, ROOT } from '../lib/paths.js';
import { median, runNodeOk } from '../lib/measure.js';
import { fmt } from '../lib/table.js';

const APP = join(ROOT, 'test/fixtures/usage/client');
const BUDGET_MS = 3000;

export async function usageAnalysis({ reps, log }) {
  const runs = [];
  for (let rep = 0; rep < Math.max(reps, 1); rep++) {
    const run = await runNodeOk([BIN.ours, 'usage', '--project', join(APP, 'tsconfig.json'), '--json'], { cwd: APP });
    const { files } = JSON.parse(run.stdout);
    runs.push({ ms: run.ms, cpuMs: run.cpuMs, maxRssKB: run.maxRssKB, files });
    log(`  usage ${rep + 1}/${reps}: ${fmt.ms(run.ms)} (CPU ${fmt.ms(run.cpuMs)}), ${files} files`);
  }
  const wall = median(runs.map((r) => r.ms));
  const cpu = median(runs.map((r) => r.cpuMs));
  const range = (pick) => `${fmt.ms(Math.min(...runs.map(pick)))}–${fmt.ms(Math.max(...runs.map(pick)))}`;
  return {
    id: 'usage',
    title: '8. `usage` on the fixture client app',
    intro: `\`misskey-codegen usage --json\` on test/fixtures/usage/client (${runs[0]?.files} app files), a fresh process each time; median of ${runs.length} run(s).`,
    tables: [
      {
        columns: ['', 'median', 'min–max'],
        rows: [
          ['wall', fmt.ms(wall), range((r) => r.ms)],
          ['CPU', fmt.ms(cpu), range((r) => r.cpuMs)],
          ['peak memory', fmt.bytes(median(runs.map((r) => r.maxRssKB * 1024))), ''],
        ],
      },
    ],
    targets: [
      {
        name: 'usage analysis of the 50+-file fixture client app, wall and CPU',
        target: `≤ ${BUDGET_MS / 1000} s both`,
        value: Math.max(wall, cpu),
        display: `wall ${fmt.ms(wall)}, CPU ${fmt.ms(cpu)}`,
        met: Number.isFinite(wall) && Number.isFinite(cpu) ? wall <= BUDGET_MS && cpu <= BUDGET_MS : null,
      },
    ],
    data: { runs },
  };
}
