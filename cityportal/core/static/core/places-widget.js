/* The places picker (core/widgets.py PlacesWidget): turns a select of places into a search box
   that filters as one types, with the chosen places as removable chips above it. The select
   stays in the form, hidden, and is what the form sends. */
(function () {
  "use strict";

  var LIMIT = 50; // options listed at once: enough to see, few enough to read
  var GAP = 4; // px between the list and the edge of what can be seen

  // As core/text.py fold, then punctuation as spaces: "P.5" → "p 5", "Thủ Đức" → "thu duc".
  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  }

  // The part of the screen a list can open into: the viewport, within the box that scrolls the
  // picker (Wagtail's main column), less what that box's scroll-padding keeps clear for the
  // sticky header and the fixed footer of actions.
  function visibleArea(element) {
    var top = 0;
    var bottom = window.innerHeight;
    for (var box = element.parentElement; box; box = box.parentElement) {
      var style = getComputedStyle(box);
      var page = box === document.documentElement;
      if (page || /auto|scroll/.test(style.overflowY)) {
        var rect = page ? { top: 0, bottom: window.innerHeight } : box.getBoundingClientRect();
        top = Math.max(top, rect.top + (parseFloat(style.scrollPaddingTop) || 0));
        bottom = Math.min(bottom, rect.bottom - (parseFloat(style.scrollPaddingBottom) || 0));
        break;
      }
    }
    return { top: top, bottom: bottom };
  }

  function enhance(root) {
    var select = root.querySelector("select");
    if (!select || root.dataset.enhanced) return;
    root.dataset.enhanced = "true";
    var msg = function (key) {
      return root.getAttribute("data-msg-" + key) || "";
    };
    var options = Array.prototype.slice.call(select.options).map(function (option, index) {
      var words = option.dataset.search || fold(option.text);
      return {
        option: option,
        index: index,
        words: words.split(" "),
        phrase: " " + words + " ",
        // The unit itself, without its district or period: "Phường Thủ Đức" is more "thu duc"
        // than "Phường An Khánh, Thành phố Thủ Đức".
        own: " " + fold(option.text.split(/[,(]/)[0]) + " ",
        past: option.hasAttribute("data-past"),
      };
    });
    var base = select.id || "places-" + Math.random().toString(36).slice(2);

    var chosenLabel = document.createElement("p");
    chosenLabel.className = "places-picker__chosen-label";
    chosenLabel.id = base + "-chosen-label";
    chosenLabel.textContent = msg("chosen");
    var chips = document.createElement("ul");
    chips.className = "places-picker__chips";
    chips.setAttribute("aria-labelledby", chosenLabel.id);

    var input = document.createElement("input");
    input.type = "text";
    input.id = base + "-search";
    input.className = "places-picker__search";
    input.autocomplete = "off";
    input.placeholder = msg("search");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", base + "-listbox");

    // The box and its list, which opens below it or, near the bottom of the screen, above it.
    var field = document.createElement("div");
    field.className = "places-picker__field";
    var list = document.createElement("ul");
    list.id = base + "-listbox";
    list.className = "places-picker__results";
    list.setAttribute("role", "listbox");
    list.hidden = true;

    var status = document.createElement("div");
    status.className = "places-picker__status";
    status.setAttribute("role", "status");

    // The field's label now names the search box; the select is hidden but still sent.
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = input.id;
      list.setAttribute("aria-labelledby", label.id || (label.id = base + "-label"));
    }
    var hint = document.createElement("span");
    hint.id = base + "-hint";
    hint.className = "places-picker__status";
    hint.textContent = msg("search");
    input.setAttribute("aria-describedby", hint.id);
    select.hidden = true;
    select.tabIndex = -1;
    field.append(input, list);
    root.append(chosenLabel, chips, field, hint, status);

    var shown = [];
    var active = -1;

    function say(text) {
      status.textContent = text;
    }

    function renderChips() {
      chips.replaceChildren();
      var chosen = options.filter(function (o) {
        return o.option.selected;
      });
      chosen.forEach(function (o) {
        var chip = document.createElement("li");
        chip.className = "places-picker__chip";
        var name = document.createElement("span");
        name.textContent = o.option.text;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "places-picker__remove";
        remove.setAttribute("aria-label", msg("remove") + " " + o.option.text);
        remove.addEventListener("click", function () {
          o.option.selected = false;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          renderChips();
          filter();
          say(msg("removed") + " " + o.option.text);
          input.focus();
        });
        chip.append(name, remove);
        chips.append(chip);
      });
      chosenLabel.textContent = chosen.length ? msg("chosen") : msg("none-chosen");
    }

    // Scrolls the list only: scrollIntoView also scrolled Wagtail's page sideways.
    function keepInView(item) {
      if (item.offsetTop < list.scrollTop) {
        list.scrollTop = item.offsetTop;
      } else if (item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = item.offsetTop + item.offsetHeight - list.clientHeight;
      }
    }

    function setActive(index) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].classList.remove("is-active");
      active = index;
      if (active >= 0 && items[active]) {
        items[active].classList.add("is-active");
        keepInView(items[active]);
        input.setAttribute("aria-activedescendant", items[active].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    // Below the box if the list fits there, else on the side with more room, shortened to fit:
    // near the foot of the screen it opened past the fold, under Wagtail's footer.
    function place() {
      list.classList.remove("places-picker__results--above");
      list.style.maxHeight = ""; // CSSOM, which the Content-Security-Policy allows
      var area = visibleArea(field);
      var box = input.getBoundingClientRect();
      var below = area.bottom - box.bottom - GAP;
      var above = box.top - area.top - GAP;
      var height = list.offsetHeight;
      var upward = height > below && above > below;
      list.classList.toggle("places-picker__results--above", upward);
      var room = Math.max(upward ? above : below, 0);
      if (height > room) list.style.maxHeight = room + "px";
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    // Every word typed begins a word of the place's. First the places whose own name has the
    // words in that order, then those in force today, then those with the words in that order
    // anywhere ("p 5" in "phuong 5, quan 3", not in "phuong ben thanh, quan 5").
    function rank(o, phrase) {
      return [
        o.own.indexOf(phrase) < 0,
        o.past,
        o.phrase.indexOf(phrase) < 0,
        o.index,
      ];
    }

    function compare(a, b) {
      for (var i = 0; i < a.rank.length; i++) {
        if (a.rank[i] !== b.rank[i]) return a.rank[i] < b.rank[i] ? -1 : 1;
      }
      return 0;
    }

    function filter() {
      var query = fold(input.value);
      list.replaceChildren();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!query) {
        close();
        return;
      }
      var typed = query.split(" ");
      var phrase = " " + query;
      var found = options.filter(function (o) {
        return (
          !o.option.selected &&
          typed.every(function (word) {
            return o.words.some(function (w) {
              return w.startsWith(word);
            });
          })
        );
      });
      found.forEach(function (o) {
        o.rank = rank(o, phrase);
      });
      shown = found.sort(compare).slice(0, LIMIT);
      shown.forEach(function (o, i) {
        var item = document.createElement("li");
        item.id = base + "-option-" + i;
        item.className = "places-picker__option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = o.option.text;
        var group = o.option.parentElement;
        if (group && group.tagName === "OPTGROUP") {
          var small = document.createElement("small");
          small.textContent = group.label;
          item.append(" ", small);
          // The group tells two units of one name apart; a screen reader hears it after a
          // pause, not run into the name.
          item.setAttribute("aria-label", o.option.text + ", nhóm: " + group.label);
        }
        // mousedown, not click: the box keeps the focus.
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          add(i);
        });
        list.append(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "places-picker__none";
        none.textContent = msg("no-match");
        list.append(none);
        place();
        say(msg("no-match"));
      } else {
        place();
        setActive(0);
        say(found.length + " " + msg("results"));
      }
    }

    function add(index) {
      var o = shown[index];
      if (!o) return;
      o.option.selected = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      renderChips();
      input.value = "";
      close();
      say(msg("added") + " " + o.option.text);
    }

    input.addEventListener("input", filter);
    input.addEventListener("focus", function () {
      if (input.value) filter();
    });
    input.addEventListener("blur", close);
    // The page scrolled or resized under an open list: it may now fit on the other side.
    // Not when the list itself scrolls: measuring it unshortened would lose its scroll.
    var follow = function (event) {
      if (!list.hidden && event.target !== list) place();
    };
    window.addEventListener("resize", follow);
    document.addEventListener("scroll", follow, { capture: true, passive: true });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && shown.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) filter();
        if (!shown.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + shown.length) % shown.length);
      } else if (event.key === "Enter") {
        // Enter picks; it never sends the whole form from here.
        event.preventDefault();
        if (open && active >= 0) add(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Backspace" && !input.value) {
        var last = chips.querySelector("li:last-child .places-picker__remove");
        if (last) {
          event.preventDefault();
          last.click();
        }
      }
    });
    renderChips();
  }

  function enhanceAll() {
    document.querySelectorAll("[data-places-picker]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
