const status = document.getElementById("status");
browser.storage.local.get("greeting").then(({ greeting }) => {
  status.textContent = greeting;
});
