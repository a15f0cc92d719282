// Registering without leaving the event page: "Đăng ký tham dự" fetches the form
// (/su-kien/dang-ky/<id>/?fragment=1, which also sets the CSRF cookie; the event page itself
// stays cookie-free and cacheable) and opens it in place; sending posts it with fetch and shows
// the server's answer there, with what was typed kept when something is wrong. On a network or
// unexpected error the link simply opens the form page, as it does without JavaScript.
(function () {
  "use strict";
  var FAILED = "Chưa gửi được đăng ký. Thông tin bạn nhập vẫn còn, vui lòng thử lại sau ít phút.";

  function withFragment(url) {
    var u = new URL(url, window.location.href);
    u.searchParams.set("fragment", "1");
    return u.toString();
  }

  function box(html) {
    return new DOMParser().parseFromString(html, "text/html").querySelector(".registration-box");
  }

  function show(slot, found) {
    slot.innerHTML = "";
    slot.appendChild(document.importNode(found, true));
    var first = slot.querySelector(".form-errors, .has-error input, [role=status], .notice");
    if (first && !first.matches("input")) first.setAttribute("tabindex", "-1");
    (first || slot.querySelector("input:not([type=hidden]):not([tabindex='-1'])") || slot).focus();
  }

  document.querySelectorAll("[data-registration]").forEach(function (section) {
    var link = section.querySelector("a[data-registration-link]");
    if (!link) return;
    var slot = document.createElement("div");
    slot.className = "registration-slot";
    slot.tabIndex = -1;

    link.addEventListener("click", function (e) {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      fetch(withFragment(link.href), { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var found = box(html);
          if (!found) throw new Error("no form");
          link.closest("p").replaceWith(slot);
          show(slot, found);
        })
        .catch(function () { window.location.href = link.href; });
    });

    slot.addEventListener("submit", function (e) {
      var form = e.target.closest("form");
      if (!form) return;
      e.preventDefault();
      var button = form.querySelector("[type=submit]");
      if (button) button.disabled = true;
      fetch(withFragment(form.action), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "text/html", "X-Requested-With": "fetch" }
      })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var found = box(html);
          if (found) { show(slot, found); return; }
          throw new Error("unexpected answer");
        })
        .catch(function () {
          var p = slot.querySelector(".registration-failed") || document.createElement("p");
          p.className = "error registration-failed";
          p.setAttribute("role", "alert");
          p.textContent = FAILED;
          slot.insertBefore(p, slot.firstChild);
          if (button) button.disabled = false;
        });
    });
  });
})();
