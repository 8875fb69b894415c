// Loaded into every Node process of a measured run when GNU time is absent: appends this process's
// peak resident memory (KB) to the file the harness reads, which then takes the largest.
const { appendFileSync } = require('node:fs');
const file = process.env.MKCG_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Nothing to report to: the harness shows n/a.
    }
  });
}
