// Checks Signet's webhook deliveries with the standardwebhooks npm package, not with Signet's own code.
// stdin: {"secret": "whsec_...", "cases": [{"body_base64": "...", "headers": {...}}, ...]}
// stdout: one entry per case, "ok" or the library's error.
const { Webhook } = require("standardwebhooks");

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const webhook = new Webhook(input.secret);
const results = input.cases.map((c) => {
  try {
    webhook.verify(Buffer.from(c.body_base64, "base64"), c.headers);
    return "ok";
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
});
process.stdout.write(JSON.stringify(results));
