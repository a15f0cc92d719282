// Comments without leaving the article: "Viết bình luận" and "Trả lời" fetch the form
// (/binh-luan/<key>/?fragment=1, which also sets the CSRF cookie; the article page itself stays
// cookie-free and cacheable) and open it in place; sending posts it with fetch and shows the
// server's answer there. The server re-renders the form with what was typed when something is
// wrong, and on a network or unexpected error the form is left as it is. Without JavaScript
// the links simply open the form page.
(function () {
  "use strict";
  var FAILED = "Chưa gửi được bình luận. Nội dung bạn viết vẫn còn, vui lòng thử lại sau ít phút.";
  var slot = null;
  var opener = null;

  function withFragment(url) {
    var u = new URL(url, window.location.href);
    u.searchParams.set("fragment", "1");
    return u.toString();
  }

  function close() {
    if (slot) slot.remove();
    if (opener) opener.setAttribute("aria-expanded", "false");
    slot = opener = null;
  }

  // The form box from an answer, or null when the answer is something else (an error page).
  function formBox(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    return doc.querySelector(".comment-form-box");
  }

  function show(box) {
    slot.innerHTML = "";
    slot.appendChild(document.importNode(box, true));
    var first = slot.querySelector(
      ".form-errors, .has-error input, .has-error textarea, [role=status], .notice"
    );
    if (first && !first.matches("input, textarea")) first.setAttribute("tabindex", "-1");
    (first || slot).focus();
  }

  function message(text) {
    var p = slot.querySelector(".comment-failed");
    if (!p) {
      p = document.createElement("p");
      p.className = "error comment-failed";
      p.setAttribute("role", "alert");
      slot.insertBefore(p, slot.firstChild);
    }
    p.textContent = text;
  }

  function open(link) {
    var again = opener === link;
    close();
    if (again) return; // a second click folds the form away
    opener = link;
    slot = document.createElement("div");
    slot.className = "comment-form-slot";
    slot.tabIndex = -1;
    var where = link.closest(".comment-actions, .comment-write");
    where.parentNode.insertBefore(slot, where.nextSibling);
    link.setAttribute("aria-expanded", "true");
    fetch(withFragment(link.href), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var box = formBox(html);
        if (!box) throw new Error("no form");
        show(box);
        var field = slot.querySelector("input:not([type=hidden]):not([tabindex='-1']), textarea");
        if (field) field.focus();
      })
      .catch(function () { window.location.href = link.href; }); // the form page, as without JS
  }

  function send(form) {
    var button = form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    var sent = slot;
    fetch(withFragment(form.action), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "text/html", "X-Requested-With": "fetch" }
    })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        if (sent !== slot) return; // closed or reopened meanwhile
        var box = formBox(html);
        if (box) show(box); else message(FAILED); // e.g. a CSRF failure page
      })
      .catch(function () { if (sent === slot) message(FAILED); })
      .then(function () { if (button && button.isConnected) button.disabled = false; });
  }

  document.querySelectorAll("[data-comments]").forEach(function (section) {
    section.addEventListener("click", function (e) {
      var link = e.target.closest("a[data-comment-link]");
      if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      open(link);
    });
    section.addEventListener("submit", function (e) {
      var form = e.target.closest(".comment-form-slot form");
      if (!form) return;
      e.preventDefault();
      send(form);
    });
  });
})();
