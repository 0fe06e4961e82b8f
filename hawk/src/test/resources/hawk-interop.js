// Test helper: drives the npm `hawk` reference implementation for NpmHawkInteropTest.
// argv: <node_modules dir> <cases file>. Each case line is tab-separated; output is one line per case.
//   client <method> <url> <contentType> <base64 payload> <ext>     -> the header npm hawk's client builds
//   server <method> <resource> <host> <contentType> <base64 payload> <authorization> -> "ok" or "error: <msg>"
'use strict';
const Path = require('path');
const Fs = require('fs');
const Hawk = require(Path.join(process.argv[2], 'hawk'));

const credentials = { id: 'interop-user', key: 'interop test key, grants nothing', algorithm: 'sha256' };

(async () => {
    const lines = Fs.readFileSync(process.argv[3], 'utf8').split('\n').filter((l) => l.length > 0);
    for (const line of lines) {
        const f = line.split('\t');
        if (f[0] === 'client') {
            const options = { credentials, payload: Buffer.from(f[4], 'base64'), contentType: f[3] };
            if (f[5]) {
                options.ext = f[5];
            }
            console.log(Hawk.client.header(f[2], f[1], options).header);
        }
        else {
            const req = { method: f[1], url: f[2], headers: { host: f[3], 'content-type': f[4], authorization: f[6] } };
            try {
                await Hawk.server.authenticate(req, (id) => (id === credentials.id ? credentials : null),
                    { payload: Buffer.from(f[5], 'base64') });
                console.log('ok');
            }
            catch (err) {
                console.log('error: ' + err.message);
            }
        }
    }
})();
