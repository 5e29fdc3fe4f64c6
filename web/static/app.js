// Small progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Filters: re-run the search when a select or checkbox changes.
  // The address keeps only the filters in use (/queue?category=appeal), as saved views do.
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const field of form.querySelectorAll("select, input[type=checkbox]")) {
      field.addEventListener("change", () => form.requestSubmit());
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const query = new URLSearchParams();
      for (const [name, value] of new FormData(form)) {
        if (value !== "") query.append(name, value);
      }
      const text = query.toString();
      window.location.assign(form.action + (text ? `?${text}` : ""));
    });
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

  setUpBulkBar();
  setUpShortcuts();

  // A new API token: select it for copying.
  for (const input of document.querySelectorAll("input.token")) {
    input.addEventListener("focus", () => input.select());
  }
});

// The queue's bulk bar: count the ticked cases, "select all" as a checkbox, ask before closing.
function setUpBulkBar() {
  const form = document.querySelector("form[data-bulk]");
  if (!form) return;
  const boxes = [...form.querySelectorAll("input[name=case_ids]")];
  const all = form.querySelector("input[data-select-all]");
  const link = form.querySelector("a.select-all-link");
  const bar = form.querySelector(".bulkbar");
  const count = form.querySelector("[data-bulk-count]");
  const buttons = [...form.querySelectorAll("[data-bulk-button]")];
  const idle = count.textContent;
  const sync = () => {
    const picked = boxes.filter((box) => box.checked).length;
    count.textContent = picked ? `${picked} case${picked === 1 ? "" : "s"} selected` : idle;
    bar.classList.toggle("has-selection", picked > 0);
    for (const button of buttons) button.disabled = picked === 0;
    for (const box of boxes) box.closest("tr").classList.toggle("is-picked", box.checked);
    if (all) {
      all.checked = picked > 0 && picked === boxes.length;
      all.indeterminate = picked > 0 && picked < boxes.length;
    }
  };
  if (all && link) {
    link.hidden = true;
    all.closest("label").hidden = false;
    all.addEventListener("change", () => {
      for (const box of boxes) box.checked = all.checked;
      sync();
    });
  }
  for (const box of boxes) box.addEventListener("change", sync);
  form.addEventListener("submit", (event) => {
    // Only the Assign and Close buttons submit: never Enter pressed on a ticked box.
    if (!event.submitter || !event.submitter.hasAttribute("data-bulk-button")) {
      event.preventDefault();
      return;
    }
    const picked = boxes.filter((box) => box.checked).length;
    if (event.submitter.hasAttribute("data-bulk-close")) {
      const reason = form.querySelector("select[name=reason]").value;
      const text = `Close ${picked} case${picked === 1 ? "" : "s"} as ${reason}? `
        + "Drafts waiting on them are rejected: nothing is sent.";
      if (!window.confirm(text)) event.preventDefault();
    }
  });
  sync();
}

// Keyboard shortcuts (listed in the "?" dialog). They never fire while typing in a box.
function setUpShortcuts() {
  const help = document.querySelector("dialog#shortcuts");
  if (!help) return;  // signed out
  const opener = document.querySelector("button[data-shortcuts]");
  let returnTo = null;
  const openHelp = () => {
    returnTo = document.activeElement;
    help.showModal();
  };
  help.addEventListener("close", () => { if (returnTo) returnTo.focus(); });
  if (opener) {
    opener.hidden = false;
    opener.addEventListener("click", openHelp);
  }

  const toast = document.createElement("div");
  toast.className = "kb-toast";
  toast.setAttribute("role", "status");
  toast.hidden = true;
  document.body.append(toast);
  let toastTimer = 0;
  const say = (text) => {
    toast.textContent = text;
    toast.hidden = false;
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(() => { toast.hidden = true; }, 4000);
  };

  const go = (url) => { window.location.assign(url); };
  const search = document.querySelector("#queue-search");
  if (search && window.location.hash === "#search") search.focus();

  // The queue: j/k (or the arrows) move along the rows, Enter/o opens, x ticks.
  const rows = [...document.querySelectorAll("table.queue tbody tr")];
  let current = -1;
  const select = (index) => {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle("kb-current", i === current));
    const link = rows[current].querySelector("a.case-link");
    link.focus();
    link.scrollIntoView({block: "nearest"});
  };
  rows.forEach((row, i) => row.addEventListener("focusin", () => {
    current = i;
    rows.forEach((other, j) => other.classList.toggle("kb-current", j === i));
  }));

  // A reply just approved: the next case is one Enter (or n) away.
  const nextAfter = document.querySelector("a.next-case-after");
  // (After load: scrolling to the page's #fragment would take the focus back to the page.)
  if (nextAfter) window.addEventListener("load", () => window.setTimeout(() => nextAfter.focus(), 0));

  const approve = () => {
    const button = document.querySelector("button[data-approve]");
    if (!button) { say("There is no draft to approve on this case."); return; }
    const form = button.form;
    const unticked = [...form.querySelectorAll("input[data-required-for=approve]")]
      .find((box) => !box.checked);
    if (unticked) {
      unticked.focus();
      unticked.scrollIntoView({block: "center"});
      say("Tick the confirmation first, then press a again.");
      return;
    }
    if (window.confirm("Approve and send this reply to the parent?")) {
      form.requestSubmit(button);
    }
  };

  let pendingG = 0;
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (help.open || isTyping(event.target)) return;
    const key = event.key;
    const afterG = pendingG && Date.now() - pendingG < 1500;
    pendingG = 0;
    if (afterG && key === "q") { go("/queue"); return; }
    const actions = {
      "?": openHelp,
      "/": () => { if (search) { search.focus(); search.select(); } else go("/queue#search"); },
      g: () => { pendingG = Date.now(); },
      j: () => select(current + 1),
      ArrowDown: rows.length ? () => select(current + 1) : null,
      k: () => select(current - 1),
      ArrowUp: rows.length ? () => select(current - 1) : null,
      o: () => { if (current >= 0) go(rows[current].querySelector("a.case-link").href); },
      x: () => {
        if (current < 0) return;
        const box = rows[current].querySelector("input[name=case_ids]");
        if (box) { box.checked = !box.checked; box.dispatchEvent(new Event("change")); }
      },
      a: approve,
      e: () => {
        const body = document.querySelector("form.draftform textarea[name=body]");
        if (body) { body.focus(); body.scrollIntoView({block: "center"}); }
        else say("There is no draft to edit on this case.");
      },
      n: () => {
        const next = document.querySelector("a.next-case-after, a.next-case");
        if (next) go(next.href); else say("No other case is open.");
      },
    };
    const action = actions[key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
}

// Keys typed into a text box, a list or an editor are the user's, not shortcuts.
function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable || target.closest("textarea, select")) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  }
  return false;
}
