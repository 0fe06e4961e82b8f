// TEST-ONLY helper for NpmHawkEndToEndTest: sends real HTTP requests to the running signer with Authorization
// headers built by the npm `hawk` reference client, and prints one JSON line per case.
// argv: <node_modules dir> <base url, e.g. http://localhost:8081> <cases.json>
// A case: { name, method, path, id, key, contentType, body, sendBody?, replay?, offsetMsec?, resync? }
//   sendBody  - a different body to send than the one hashed into the header (tampering)
//   replay    - send the identical request (same header) twice; the second answer is reported
//   offsetMsec- local clock offset given to hawk (a stale timestamp)
//   resync    - after a stale-timestamp 401, check the server time with hawk's client.authenticate (tsm) and
//               retry with the offset it gives; both answers are reported
'use strict';
const Path = require('path');
const Fs = require('fs');
const Http = require('http');
const Hawk = require(Path.join(process.argv[2], 'hawk'));

const base = new URL(process.argv[3]);
const cases = JSON.parse(Fs.readFileSync(process.argv[4], 'utf8'));
const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 });

function send(c, header, body) {
    return new Promise((resolve, reject) => {
        const headers = { authorization: header };
        if (c.contentType) {
            headers['content-type'] = c.contentType;
        }
        if (body.length > 0) {
            headers['content-length'] = body.length;
        }
        const req = Http.request({ agent, host: base.hostname, port: base.port, method: c.method, path: c.path, headers },
            (res) => {
                const chunks = [];
                res.on('data', (d) => chunks.push(d));
                res.on('end', () => resolve({ res, body: Buffer.concat(chunks).toString('utf8') }));
            });
        req.on('error', reject);
        req.end(body);
    });
}

function headerFor(c, offsetMsec) {
    const credentials = { id: c.id, key: c.key, algorithm: 'sha256' };
    const options = { credentials, payload: Buffer.from(c.body || '', 'utf8'), contentType: c.contentType || '' };
    if (offsetMsec) {
        options.localtimeOffsetMsec = offsetMsec;
    }
    return Hawk.client.header(new URL(c.path, base).toString(), c.method, options);
}

function report(name, r, extra) {
    console.log(JSON.stringify(Object.assign({
        name, status: r.res.statusCode, contentType: r.res.headers['content-type'] || null,
        wwwAuthenticate: r.res.headers['www-authenticate'] || null, body: r.body }, extra || {})));
}

(async () => {
    for (const c of cases) {
        const h = headerFor(c, c.offsetMsec);
        const body = Buffer.from(c.sendBody !== undefined ? c.sendBody : (c.body || ''), 'utf8');
        let r = await send(c, h.header, body);
        if (c.replay) {
            report(c.name + '#first', r);
            r = await send(c, h.header, body);
        }
        if (!c.resync) {
            report(c.name, r);
            continue;
        }
        let tsmValid = false;
        let serverTs = null;
        try {
            const auth = Hawk.client.authenticate(r.res, { id: c.id, key: c.key, algorithm: 'sha256' }, h.artifacts);
            serverTs = Number(auth.headers['www-authenticate'].ts);
            tsmValid = true;
        }
        catch (err) {
            tsmValid = 'error: ' + err.message;
        }
        report(c.name, r, { tsmValid });
        if (serverTs) {
            const offset = serverTs * 1000 - Date.now();
            report(c.name + '#resynced', await send(c, headerFor(c, offset).header, body));
        }
    }
    agent.destroy();
})().catch((err) => {
    console.error(err);
    process.exit(1);
});
