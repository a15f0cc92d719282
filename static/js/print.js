// Print controls (data-print): an article's "In bài", the door list's "In". A file and a
// listener, not a javascript: link or an onclick, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-print]")) return;
    event.preventDefault();
    window.print();
  });
})();
