// Count one view of this page: no cookie, nothing about the reader, no third party.
(function () {
  var script = document.currentScript;
  var page = script && script.getAttribute("data-page");
  if (!page) return;
  var body = new URLSearchParams({ page: page });
  if (navigator.sendBeacon) navigator.sendBeacon(script.getAttribute("data-url"), body);
  else fetch(script.getAttribute("data-url"), { method: "POST", body: body, keepalive: true });
})();
