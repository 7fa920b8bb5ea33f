// Autosave for case notes (loaded on the note pages only). Progressive enhancement: without JavaScript the
// worker saves a draft with its button. With it, the draft is saved on the server a few seconds after typing
// and when they leave a box, and a copy is kept in this browser (localStorage) so that nothing typed is lost
// if the session times out, the connection drops or the tab is closed. The copy is put back on return and is
// removed once the note is recorded or the draft discarded.
//
// The form says where to save: data-autosave-url (the endpoint), data-autosave-key (the browser copy's key,
// which names the user) and data-autosave-saved-at (when the server last saved the draft, in ms).

const SAVE_AFTER_MS = 3000; // a few seconds after typing starts
const RETRY_MS = 10000; // after a failure, and while signed out
const KEEP_COPIES_MS = 14 * 24 * 60 * 60 * 1000; // browser copies older than this are removed
const PREFIX = "kindred:note:";

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: autosave to the server still works
  }
}

function readCopy(key) {
  const store = storage();
  if (!store) return null;
  try {
    return JSON.parse(store.getItem(key) || "null");
  } catch {
    return null;
  }
}

function writeCopy(key, copy) {
  const store = storage();
  if (!store) return;
  try {
    store.setItem(key, JSON.stringify(copy));
  } catch {
    // Full or blocked: the server copy still stands.
  }
}

function removeCopy(key) {
  const store = storage();
  if (store) {
    try {
      store.removeItem(key);
    } catch {
      // nothing to do
    }
  }
}

function removeOldCopies() {
  const store = storage();
  if (!store) return;
  const now = Date.now();
  for (let i = store.length - 1; i >= 0; i -= 1) {
    const key = store.key(i);
    if (!key || !key.startsWith(PREFIX)) continue;
    const copy = readCopy(key);
    if (!copy || typeof copy.at !== "number" || now - copy.at > KEEP_COPIES_MS) removeCopy(key);
  }
}

const SKIP = new Set(["csrfmiddlewaretoken", "version", "action"]);

function entriesOf(form) {
  return [...new FormData(form).entries()]
    .filter(([name, value]) => !SKIP.has(name) && typeof value === "string")
    .map(([name, value]) => [name, value]);
}

function sameEntries(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function restoreEntries(form, entries) {
  const values = new Map();
  for (const [name, value] of entries) {
    if (!values.has(name)) values.set(name, []);
    values.get(name).push(value);
  }
  for (const element of form.elements) {
    if (!element.name || SKIP.has(element.name)) continue;
    const wanted = values.get(element.name) || [];
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = wanted.includes(element.value);
    } else if (element.type !== "submit" && element.type !== "button" && element.type !== "hidden") {
      element.value = wanted.length ? wanted[0] : "";
    }
  }
}

function typedBeforeLoad(form) {
  for (const element of form.elements) {
    if (!element.name || SKIP.has(element.name)) continue;
    if (element.type === "checkbox" || element.type === "radio") {
      if (element.checked !== element.defaultChecked) return true;
    } else if (element.tagName === "SELECT") {
      // With no option marked selected, the browser selects the first one: that is not a change.
      const marked = [...element.options].some((option) => option.defaultSelected);
      for (const [i, option] of [...element.options].entries()) {
        if (option.selected !== (marked ? option.defaultSelected : i === 0)) return true;
      }
    } else if (element.type !== "submit" && element.type !== "button" && element.type !== "hidden") {
      if (element.value !== element.defaultValue) return true;
    }
  }
  return false;
}

function forgetCopies() {
  for (const element of document.querySelectorAll("[data-kindred-autosave-forget]")) {
    const key = element.getAttribute("data-kindred-autosave-forget");
    if (key) removeCopy(key);
  }
}

function autosave(form) {
  const statusEl = form.querySelector("[data-autosave-status]");
  const signedOut = document.querySelector("[data-autosave-signed-out]");
  const conflict = document.querySelector("[data-autosave-conflict]");
  const restored = document.querySelector("[data-autosave-restored]");
  const overwrite = document.querySelector("[data-autosave-overwrite]");
  const versionInput = form.querySelector('input[name="version"]');
  const csrfInput = form.querySelector('input[name="csrfmiddlewaretoken"]');
  let url = form.dataset.autosaveUrl;
  let key = form.dataset.autosaveKey;
  const serverSavedAt = Number(form.dataset.autosaveSavedAt || 0);

  let generation = 0; // bumped on every change
  let savedGeneration = 0; // the generation the server has
  let inFlight = null;
  let again = false;
  let timer = null;
  let retryTimer = null;
  let stopped = false; // a conflict or a missing draft: wait for the worker
  let isSignedOut = false;
  let leaving = false; // the form is being submitted: no more autosaves
  let resubmitting = false;

  const dirty = () => generation !== savedGeneration;
  const say = (text) => {
    // Only a change is announced (the status is a live region): not every save in the same minute.
    if (statusEl && statusEl.textContent !== text) statusEl.textContent = text;
  };
  const show = (element, visible) => {
    if (element) element.hidden = !visible;
  };

  function keepCopy(synced) {
    writeCopy(key, { at: Date.now(), synced, entries: entriesOf(form) });
  }

  function schedule(ms = SAVE_AFTER_MS) {
    if (timer === null && !leaving) {
      timer = window.setTimeout(() => {
        timer = null;
        save();
      }, ms);
    }
  }

  function changed() {
    generation += 1;
    keepCopy(false);
    schedule();
  }

  function signedOutNow() {
    isSignedOut = true;
    show(signedOut, true);
    say("Not saved: you have been signed out. Your text is kept on this page and in this browser.");
    if (retryTimer === null) retryTimer = window.setInterval(checkSignedIn, RETRY_MS);
  }

  async function checkSignedIn() {
    // Signed in again (in another tab)? Then the page needs the new session's CSRF token.
    let response;
    try {
      response = await fetch(url, {
        method: "GET",
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      });
    } catch {
      return;
    }
    if (!response.ok) return;
    let data;
    try {
      data = await response.json();
    } catch {
      return;
    }
    if (data.csrf_token && csrfInput) csrfInput.value = data.csrf_token;
    isSignedOut = false;
    show(signedOut, false);
    if (retryTimer !== null) {
      window.clearInterval(retryTimer);
      retryTimer = null;
    }
    if (dirty()) save();
    else say("Signed in again.");
  }

  function saved(data, gen) {
    if (versionInput) versionInput.value = data.version;
    if (data.autosave_url && data.autosave_url !== url) {
      // The draft now exists: save to it from here on, and make a reload open it.
      const oldKey = key;
      url = data.autosave_url;
      key = `${PREFIX}${key.slice(PREFIX.length).split(":")[0]}:${data.note}`;
      form.dataset.autosaveUrl = url;
      form.dataset.autosaveKey = key;
      form.action = data.edit_url;
      window.history.replaceState(null, "", data.edit_url);
      removeCopy(oldKey);
    }
    savedGeneration = gen;
    keepCopy(!dirty());
    say(data.message || "Draft saved");
  }

  async function handle(response, gen) {
    if (response.type === "opaqueredirect" || response.status === 0 || response.status === 401) {
      signedOutNow();
      return;
    }
    if (response.status === 403) {
      // The session ended, or the worker signed in again elsewhere (a new CSRF token): find out which.
      signedOutNow();
      checkSignedIn();
      return;
    }
    let data = {};
    try {
      data = await response.json();
    } catch {
      data = {};
    }
    if (response.ok) {
      saved(data, gen);
    } else if (response.status === 409) {
      stopped = true;
      form.dataset.autosaveServerVersion = String(data.version || "");
      show(conflict, true);
      say(data.message || "Not saved: this draft was changed in another window or tab.");
    } else if (response.status === 404) {
      stopped = true;
      say(
        "Not saved: this draft is no longer in Kindred (it may have been recorded or discarded in another " +
          "window). Your text is kept on this page and in this browser.",
      );
    } else if (response.status === 400 && data.message === "Nothing to save yet") {
      savedGeneration = gen;
      say("");
    } else {
      say(data.message || "Not saved. Kindred will try again; your text is kept in this browser.");
      schedule(RETRY_MS);
    }
  }

  async function save({ keepalive = false } = {}) {
    if (!dirty() || stopped || leaving || !url) return;
    if (inFlight) {
      again = true;
      return;
    }
    if (isSignedOut) return; // checkSignedIn saves once the worker is back
    const gen = generation;
    const body = new URLSearchParams(new FormData(form));
    body.delete("action");
    inFlight = (async () => {
      let response;
      try {
        response = await fetch(url, {
          method: "POST",
          body,
          credentials: "same-origin",
          redirect: "manual",
          keepalive,
          headers: { Accept: "application/json" },
        });
      } catch {
        say("Not saved: no connection. Kindred will try again; your text is kept in this browser.");
        schedule(RETRY_MS);
        return;
      }
      await handle(response, gen);
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
      if (again) {
        again = false;
        if (dirty()) save();
      }
    }
  }

  // Put back what was typed here and never reached the server.
  const copy = readCopy(key);
  if (copy && Array.isArray(copy.entries) && !copy.synced && copy.at > serverSavedAt) {
    if (!sameEntries(copy.entries, entriesOf(form))) {
      restoreEntries(form, copy.entries);
      show(restored, true);
      generation += 1;
      schedule(500);
    }
  }

  // Typed before this script ran (a slow connection, a fast typist): the input events were missed, so
  // compare the boxes with what the page arrived with and save what differs.
  if (!dirty() && typedBeforeLoad(form)) changed();

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("focusout", () => {
    if (dirty()) save();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && dirty()) save({ keepalive: true });
  });
  window.addEventListener("focus", () => {
    if (isSignedOut) checkSignedIn();
  });
  if (overwrite) {
    overwrite.addEventListener("click", () => {
      if (versionInput && form.dataset.autosaveServerVersion) {
        versionInput.value = form.dataset.autosaveServerVersion;
      }
      stopped = false;
      show(conflict, false);
      generation += 1;
      save();
    });
  }

  form.addEventListener("submit", async (event) => {
    if (resubmitting) return;
    const submitter = event.submitter;
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (submitter && submitter.value === "discard") removeCopy(key);
    if (inFlight) {
      // Let the save finish first, so the form carries the draft's latest version.
      event.preventDefault();
      leaving = true;
      try {
        await inFlight;
      } finally {
        resubmitting = true;
        form.requestSubmit(submitter || undefined);
      }
      return;
    }
    leaving = true;
  });
}

removeOldCopies();
forgetCopies();
for (const form of document.querySelectorAll("form[data-kindred-autosave]")) {
  autosave(form);
}
