/** Local servers in their own process (so client and server do not share one event loop), on 127.0.0.1. */
import { spawn } from 'node:child_process';

/** Starts `node script ...args`, waits for its `{"port":N}` line; `stop()` closes its stdin and waits for it to exit. */
export function startServer(script, args = []) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const fail = (why) => {
      child.kill('SIGKILL');
      reject(new Error(`${script}: ${why}`));
    };
    const timer = setTimeout(() => fail('no port within 20 s'), 20_000);
    child.on('exit', (code) => fail(`exited with ${code} before listening`));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (!buffer.includes('\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port } = JSON.parse(line);
      const exited = new Promise((done) => child.on('exit', done));
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        async stop() {
          child.stdin.end();
          const timeout = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timeout);
        },
      });
    });
  });
}
