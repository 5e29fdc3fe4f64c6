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

    // Safeguarding and a passed deadline each need their box ticked (the server checks too).
    const confirmBoxes = [...form.querySelectorAll("input[data-required-for=approve]")];
    const approve = form.querySelector("button[data-approve]");
    if (confirmBoxes.length && approve) {
      const sync = () => {
        const ready = confirmBoxes.every((box) => box.checked);
        approve.disabled = !ready;
        approve.title = ready ? "" : "Tick the confirmation above first";
      };
      for (const box of confirmBoxes) box.addEventListener("change", sync);
      sync();
    }
  }

  // A reply on its way: follow its status until it is sent (or fails) without a reload.
  const caseStatus = document.querySelector("#case-status[data-poll]");
  if (caseStatus) {
    let tries = 0;
    const follow = async () => {
      tries += 1;
      try {
        const response = await fetch(caseStatus.dataset.poll, {headers: {Accept: "application/json"}});
        if (response.ok) {
          const shown = await response.json();
          const badge = document.createElement("span");
          badge.className = `status status-${shown.status}`;
          badge.textContent = shown.label;
          caseStatus.replaceChildren(badge);
          if (shown.final) return;
        }
      } catch (error) {
        // Offline for a moment: try again on the next tick.
      }
      if (tries < 150) window.setTimeout(follow, 2000);
    };
    window.setTimeout(follow, 1000);
  }

  // The open queue: a safeguarding case that arrives is announced at once, without a reload.
  const live = document.querySelector("#live-sg[data-updates]");
  if (live) {
    const check = async () => {
      try {
        const url = `${live.dataset.updates}?after=${encodeURIComponent(live.dataset.after)}`;
        const response = await fetch(url, {headers: {Accept: "application/json"}});
        if (response.ok) {
          const news = await response.json();
          live.dataset.after = String(news.latest);
          for (const found of news.safeguarding) {
            const line = document.createElement("p");
            const link = document.createElement("a");
            link.href = found.url;
            link.textContent = `New safeguarding case #${found.id}: ${found.subject}`;
            line.append(link);
            live.prepend(line);
            live.hidden = false;
          }
        }
      } catch (error) {
        // Offline for a moment: the next tick tries again.
      }
      window.setTimeout(check, Number(live.dataset.interval || 5000));
    };
    window.setTimeout(check, Number(live.dataset.interval || 5000));
  }

  // A new API token: select it for copying.
  for (const input of document.querySelectorAll("input.token")) {
    input.addEventListener("focus", () => input.select());
  }
});
