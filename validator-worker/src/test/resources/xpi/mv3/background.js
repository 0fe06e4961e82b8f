browser.runtime.onInstalled.addListener(() => console.log("installed"));
