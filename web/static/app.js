// Small progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Filters: re-run the search when a select or checkbox changes.
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const field of form.querySelectorAll("select, input[type=checkbox]")) {
      field.addEventListener("change", () => form.requestSubmit());
    }
  }

  // Destructive buttons ask first.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  // The draft editor: warn before leaving with unsaved edits; the safeguarding
  // confirmation must be ticked before "Approve and send" (the server checks too).
  for (const form of document.querySelectorAll("form[data-unsaved-warning]")) {
    let dirty = false;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", (event) => {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });

    const confirmBox = form.querySelector("input[data-required-for=approve]");
    const approve = form.querySelector("button[data-approve]");
    if (confirmBox && approve) {
      const sync = () => {
        approve.disabled = !confirmBox.checked;
        approve.title = confirmBox.checked ? "" : "Tick the safeguarding confirmation first";
      };
      confirmBox.addEventListener("change", sync);
      sync();
    }
  }

  // A new API token: select it for copying.
  for (const input of document.querySelectorAll("input.token")) {
    input.addEventListener("focus", () => input.select());
  }
});
