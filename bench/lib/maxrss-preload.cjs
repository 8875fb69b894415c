// Loaded into every Node process of a measured run when GNU time is absent: appends this process's
// peak resident memory (KB) and CPU time (ms) to the file the harness reads.
const { appendFileSync } = require('node:fs');
const file = process.env.MKCG_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      appendFileSync(file, `${usage.maxRSS} ${usage.userCPUTime / 1000} ${usage.systemCPUTime / 1000}\n`);
    } catch {
      // Nothing to report to: the harness shows n/a.
    }
  });
}
