(function () {
  "use strict";
  const banner = document.createElement("div");
  banner.className = "signet-banner";
  banner.textContent = `Hello from ${location.hostname}`;
  banner.innerHTML = "";
  document.body.append(banner);
  window.setTimeout(function () { banner.remove(); }, 5000);
})();
