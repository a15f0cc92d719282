// Wagtail's autosave creates a new page (or snippet) from the "add" form, then points the form
// at the edit URL. A Save or Publish clicked meanwhile posted the "add" form a second time and
// made a second page ("…-2"), the editor never knowing which one went live. A click while an
// autosave is due or under way waits for it (at most WAIT_MS), then goes to where it points;
// an autosave due after the click is cancelled, unless another script cancels the submit.
(() => {
  "use strict";
  const WAIT_MS = 15000;
  const DONE = ["w-autosave:success", "w-autosave:error", "w-autosave:deactivated"];

  function guard(form) {
    let due = false; // an autosave was asked for and has not answered
    let held = null; // the submit waiting for it: its button, or the form itself
    let submitting = false;

    const resume = () => {
      due = false;
      if (held === null) return;
      const submitter = held;
      held = null;
      // A pressed button is disabled by its progress spinner, and a disabled button's name
      // ("action-publish") is not sent: carry it in a hidden field instead.
      if (submitter !== form && submitter.name) {
        const field = document.createElement("input");
        field.type = "hidden";
        field.name = submitter.name;
        field.value = submitter.value;
        form.append(field);
      }
      form.requestSubmit();
    };

    form.addEventListener("w-autosave:save", (event) => {
      if (submitting) event.preventDefault(); // the page is being saved already
      else due = true;
    });
    DONE.forEach((name) => form.addEventListener(name, resume));
    form.addEventListener(
      "submit",
      (event) => {
        if (!due) {
          submitting = true;
          // A later listener (a check, a confirm dialog) may still cancel this submit; if it did,
          // nothing is being saved and autosave goes on. Read once every listener has run: a
          // timer, as microtasks run between listeners.
          setTimeout(() => {
            if (event.defaultPrevented) submitting = false;
          });
          return;
        }
        event.preventDefault();
        event.stopImmediatePropagation();
        if (held === null) {
          held = event.submitter || form;
          setTimeout(resume, WAIT_MS);
        }
      },
      true,
    );
  }

  document.querySelectorAll('form[data-controller~="w-autosave"]').forEach(guard);
})();
