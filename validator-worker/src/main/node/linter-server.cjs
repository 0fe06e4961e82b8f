#!/usr/bin/env node
// A warm addons-linter for validator-worker: loads the linter once, then lints one file per request.
//
// Protocol (UTF-8 JSON, one object per line):
//   out, once at start (after one warm-up lint):  {"ready":true,"linter":"<addons-linter version>","node":"<node version>"}
//   in, per file:        {"id":<n>,"file":"<absolute path of the .xpi>","flags":["--self-hosted", ...]}
//   out, per request:    {"id":<n>,"ok":true,"result":<the linter's JSON report>}
//                     or {"id":<n>,"ok":false,"error":"<why the linter could not lint the file>"}
// Requests are answered one at a time, in order. Anything else the linter prints goes to stderr, so stdout
// carries only protocol lines. The process exits when stdin closes.
'use strict';

// stdout is the protocol channel: keep its writer, and send every other write (console.log, the linter's
// logger) to stderr before the linter is loaded.
const protocolWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);
global.nodeRequire = require;

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

// The command-line flags AMO passes, mapped to the library's config keys. Defaults are the CLI's.
const FLAGS = {
  'self-hosted': { key: 'selfHosted', type: 'boolean', default: false },
  privileged: { key: 'privileged', type: 'boolean', default: false },
  enterprise: { key: 'enterprise', type: 'boolean', default: false },
  'enable-background-service-worker': { key: 'enableBackgroundServiceWorker', type: 'boolean', default: false },
  'enable-data-collection-permissions': { key: 'enableDataCollectionPermissions', type: 'boolean', default: true },
  'disable-xpi-autoclose': { key: 'disableXpiAutoclose', type: 'boolean', default: false },
  'min-manifest-version': { key: 'minManifestVersion', type: 'number', default: 2 },
  'max-manifest-version': { key: 'maxManifestVersion', type: 'number', default: 3 },
  'disable-linter-rules': { key: 'disableLinterRules', type: 'string', default: undefined },
};

function parseFlags(flags) {
  const config = {};
  for (const spec of Object.values(FLAGS)) {
    config[spec.key] = spec.default;
  }
  for (const flag of flags) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(flag);
    const spec = match && FLAGS[match[1]];
    if (!spec) {
      throw new Error(`unsupported linter flag ${JSON.stringify(flag)}`);
    }
    const raw = match[2];
    if (spec.type === 'boolean') {
      if (raw !== undefined && raw !== 'true' && raw !== 'false') {
        throw new Error(`flag --${match[1]} takes true or false, not ${JSON.stringify(raw)}`);
      }
      config[spec.key] = raw !== 'false';
    } else if (spec.type === 'number') {
      const n = Number(raw);
      if (raw === undefined || !Number.isInteger(n)) {
        throw new Error(`flag --${match[1]} takes a whole number`);
      }
      config[spec.key] = n;
    } else {
      if (raw === undefined) {
        throw new Error(`flag --${match[1]} takes a value`);
      }
      config[spec.key] = raw;
    }
  }
  if (config.enterprise) {
    config.selfHosted = true; // as the CLI documents: --enterprise implies --self-hosted
  }
  return config;
}

function send(message) {
  protocolWrite(`${JSON.stringify(message)}\n`);
}

async function lint(linter, request) {
  if (typeof request.file !== 'string' || !path.isAbsolute(request.file)) {
    throw new Error('"file" must be an absolute path');
  }
  const config = {
    ...parseFlags(Array.isArray(request.flags) ? request.flags : []),
    _: [request.file],
    logLevel: 'fatal',
    output: 'none',
    boring: true,
    pretty: false,
    stack: false,
    metadata: false,
    warningsAsErrors: false,
  };
  const instance = linter.createInstance({ config, runAsBinary: false });
  return instance.run();
}

// The first lint after loading is several times slower than the next ones (lazy modules, cold JIT): pay it
// before saying ready, on a tiny add-on written to a temporary directory.
async function warmUp(linter) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linter-warm-up-'));
  try {
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      manifest_version: 3,
      name: 'Warm-up',
      version: '1.0',
      browser_specific_settings: { gecko: { id: 'warm-up@signet.invalid' } },
      background: { scripts: ['background.js'] },
    }));
    fs.writeFileSync(path.join(dir, 'background.js'), 'document.title = String(1 + 1);\n');
    await lint(linter, { file: dir, flags: [] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  let linter;
  let version;
  try {
    linter = require('addons-linter');
    version = require('addons-linter/package.json').version;
  } catch (err) {
    process.stderr.write(`linter-server: cannot load addons-linter: ${err.message}\n`);
    process.exit(70);
  }
  await warmUp(linter);
  send({ ready: true, linter: version, node: process.version });

  // One request at a time: the worker sends the next line only after the answer to the last one.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      let request;
      try {
        request = JSON.parse(line);
      } catch (err) {
        send({ id: null, ok: false, error: `not a JSON request: ${err.message}` });
        return;
      }
      try {
        const result = await lint(linter, request);
        send({ id: request.id, ok: true, result });
      } catch (err) {
        send({ id: request.id, ok: false, error: String((err && err.message) || err) });
      }
    });
  });
  lines.on('close', () => {
    queue.then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`linter-server: ${(err && err.stack) || err}\n`);
  process.exit(70);
});
