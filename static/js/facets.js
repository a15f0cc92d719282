// A phone shows the catalogue's results first: some eighty facet links wait behind the summary
// of a <details data-open-from="(media query)"> where the screen does not match the query. The
// page loads this right after the details, not deferred, so they fold before the first paint.
(function () {
  "use strict";
  document.querySelectorAll("details[data-open-from]").forEach(function (details) {
    if (!matchMedia(details.dataset.openFrom).matches) details.open = false;
  });
})();
