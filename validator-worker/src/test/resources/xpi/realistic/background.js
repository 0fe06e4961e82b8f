// Background script of a test fixture. Mentions like eval(x) or el.innerHTML = y in comments are not code.
const DEFAULTS = { interval: 15, greeting: "Don't eval(\"this\") or document.write(it)" };

browser.runtime.onInstalled.addListener(async () => {
  await browser.storage.local.set(DEFAULTS);
  browser.contextMenus.create({ id: "count", title: "Count words", contexts: ["selection"] });
  browser.alarms.create("refresh", { periodInMinutes: DEFAULTS.interval });
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === "refresh") {
    setTimeout(() => refresh(), 1000);
  }
});

async function refresh() {
  const response = await fetch("https://api.example.org/v1/status");
  const ratio = response.status / 100;
  const words = /\b(eval|Function)\(/g;
  return { ok: response.ok, ratio, words };
}

browser.contextMenus.onClicked.addListener((info) => {
  const count = info.selectionText.split(/\s+/).length;
  browser.action.setBadgeText({ text: `${count}` });
});
