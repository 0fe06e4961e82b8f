#!/usr/bin/env node
// Validation cost per add-on: the warm linter-server (what validator-worker's pool runs) against a fresh
// addons-linter CLI process (AMO's way), on the same file, alternating, in one run.
//   node bench/linter/warm-vs-cold.cjs LINTER_DIR XPI [warm-count] [cold-count]
// LINTER_DIR: where the worker build installed the linter (validator-worker/target/linter).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const [dir, xpi, warmN = '100', coldN = '5'] = process.argv.slice(2);
if (!dir || !xpi) {
  console.error('usage: warm-vs-cold.cjs LINTER_DIR XPI [warm-count] [cold-count]');
  process.exit(2);
}
const flags = ['--max-manifest-version=3', '--enable-data-collection-permissions=true', '--self-hosted'];
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };

async function warm(n) {
  const server = spawn(process.execPath, [path.join(dir, 'linter-server.cjs')], { stdio: ['pipe', 'pipe', 'ignore'] });
  const lines = readline.createInterface({ input: server.stdout });
  const next = () => new Promise((resolve) => lines.once('line', resolve));
  const t0 = process.hrtime.bigint();
  await next(); // {"ready":true,...}
  const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    server.stdin.write(JSON.stringify({ id: i, file: path.resolve(xpi), flags }) + '\n');
    const answer = JSON.parse(await next());
    if (!answer.ok) throw new Error(answer.error);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  server.stdin.end();
  return { startMs, times };
}

function cold(n) {
  const cli = path.join(dir, 'node_modules', '.bin', 'addons-linter');
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(cli, [...flags, '--output=json', path.resolve(xpi)], { encoding: 'utf8' });
    if (r.error) throw r.error;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

(async () => {
  const w = await warm(Number(warmN));
  const c = cold(Number(coldN));
  const f = (x) => x.toFixed(0);
  console.log(`file ${xpi}`);
  console.log(`warm server: start+warm-up ${f(w.startMs)} ms; per file p50 ${f(pct(w.times, 50))} ms, p99 ${f(pct(w.times, 99))} ms (n=${w.times.length})`);
  console.log(`fresh CLI:   per file p50 ${f(pct(c, 50))} ms, p99 ${f(pct(c, 99))} ms (n=${c.length})`);
})().catch((e) => { console.error(e); process.exit(1); });
