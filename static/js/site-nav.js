// A phone shows the sections as one row that scrolls sideways (site.css), and the current one
// ("Hỏi đáp", the last) was off-screen. The page loads this right after the menu, not deferred,
// so the row is scrolled to it before the first paint: no animation, whatever the reader's
// motion setting. The row itself is scrolled, not scrollIntoView, which would also move the page
// when it opens further down (an article's #binh-luan, a restored scroll position).
(function () {
  "use strict";
  var row = document.querySelector(".site-nav ul");
  var current = row && row.querySelector("[aria-current]");
  if (!current || row.scrollWidth <= row.clientWidth) return;
  var item = current.getBoundingClientRect();
  var box = row.getBoundingClientRect();
  row.scrollLeft += item.left + item.width / 2 - (box.left + box.width / 2);
})();
