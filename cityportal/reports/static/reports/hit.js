// Count one view of this page: no cookie, nothing about the reader, no third party.
(function () {
  var script = document.currentScript;
  var page = script && script.getAttribute("data-page");
  if (!page) return;
  // A reload in this tab is not a new view (sessionStorage stays in the browser).
  var seen = "cityportal-viewed-" + page;
  try {
    if (sessionStorage.getItem(seen)) return;
    sessionStorage.setItem(seen, "1");
  } catch (e) {} // storage off: count the view
  var body = new URLSearchParams({ page: page });
  if (navigator.sendBeacon) navigator.sendBeacon(script.getAttribute("data-url"), body);
  else fetch(script.getAttribute("data-url"), { method: "POST", body: body, keepalive: true });
})();
