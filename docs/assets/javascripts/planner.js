/*
 * The facilitator's planner on a workshop page: start time, paper, group size,
 * format and date recompute the agenda's clock, the materials and the print, in
 * the page. The choice lives in the address's fragment (to bookmark or send) and
 * in this browser's local storage (the default for the next workshop page);
 * nothing is sent anywhere.
 *
 * Every number comes from the page (data-sc-* attributes written by
 * hooks/pages/workshops.py and overrides/partials/planner.html); every word is a
 * template in the page's language. The clock is the packets' clock (clock.js, as
 * hooks/model/schedule.py): start plus the minutes before, wrapping at midnight.
 * The print sheet itself (agenda clock, materials, cover) is planner-sheet.js, which
 * the programme's print on /plan/ draws too.
 */
(() => {
  "use strict";

  const form = document.querySelector("form[data-sc-planner]");
  const agenda = document.querySelector("table[data-sc-agenda]");
  if (!form || !agenda) return;

  const STORE = "sc-planner";
  const KEYS = ["start", "paper", "size", "format", "date"];
  const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  const PAPERS = ["a4", "letter"];
  const FORMATS = ["in-person", "online"];

  const data = form.dataset;
  const { fill, sheet } = window.SolidarityPlannerSheet; // planner-sheet.js
  const printed = sheet(form.closest("article") || document.body, form, agenda);
  const { t, total, segments } = printed;
  const maxSize = Number(data.scMaxSize);
  const groupMin = Number(agenda.dataset.scGroupMin);
  const groupMax = Number(agenda.dataset.scGroupMax);
  const defaults = {
    start: data.scDefaultStart,
    paper: "a4",
    size: String(data.scDefaultSize),
    format: "in-person",
    date: "",
  };
  const field = (name) => form.elements.namedItem(name);

  // Minutes added to each segment by "+5 min" in the run view: a segment that runs
  // long pushes every later one back. Kept for this tab only (keepRun below).
  const extra = segments.map(() => 0);
  const shift = (i) => extra.slice(0, i).reduce((a, b) => a + b, 0);

  const { DAY, clock, parseClock } = window.SolidarityClock; // clock.js
  const minutesOf = (value) => parseClock(String(value));
  const sizeOf = (value) => {
    const text = String(value).trim();
    if (!/^\d+$/.test(text)) return null;
    const n = Number(text);
    return n >= 1 && n <= maxSize ? n : null;
  };
  const dateOk = (value) => {
    const parts = DATE.exec(value);
    if (!parts) return false;
    const [year, month, day] = parts.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  };

  const filled = (tag, template, params) => fill(document.createElement(tag), template, params);

  // --- Reading a choice: from the fragment, from storage, from the fields ---------

  const validate = (raw) => {
    // Returns the usable values and, for each bad one, a message in the page's language.
    const values = { ...defaults };
    const problems = [];
    for (const [key, value] of Object.entries(raw)) {
      if (key === "start") {
        if (minutesOf(value) === null) problems.push(filled("li", t("bad-start"), { value, start: defaults.start }));
        else values.start = clock(minutesOf(value));
      } else if (key === "size") {
        if (sizeOf(value) === null) problems.push(filled("li", t("bad-size"), { value, size: defaults.size }));
        else values.size = String(sizeOf(value));
      } else if (key === "paper" && PAPERS.includes(value)) {
        values.paper = value;
      } else if (key === "format" && FORMATS.includes(value)) {
        values.format = value;
      } else if (key === "date" && (value === "" || dateOk(value))) {
        values.date = value;
      } else {
        problems.push(filled("li", t("bad-value"), { value: key + "=" + value }));
      }
    }
    return { values, problems };
  };

  const fromFragment = () => {
    const hash = location.hash.slice(1);
    if (!hash.includes("=")) return null; // an ordinary anchor such as #agenda
    const raw = {};
    for (const [key, value] of new URLSearchParams(hash)) raw[key] = value;
    return raw;
  };

  const fromStorage = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(STORE) || "null");
      if (!saved || typeof saved !== "object") return {};
      const raw = {};
      for (const key of KEYS) if (typeof saved[key] === "string" && key !== "date") raw[key] = saved[key];
      return validate(raw).values; // a stored value that no longer fits is dropped quietly
    } catch (error) {
      return {}; // storage may be off (private windows, file:// in some browsers)
    }
  };

  const save = (values) => {
    try {
      // The date is one session's; the rest is how this facilitator works.
      const { date, ...rest } = values;
      localStorage.setItem(STORE, JSON.stringify(rest));
    } catch (error) {
      /* storage off: the fragment still carries the choice */
    }
  };

  // --- Drawing the page for a choice ------------------------------------------------

  const problemsBox = form.querySelector(".sc-planner__problems");
  const problemsList = problemsBox.querySelector("ul");
  const summary = form.querySelector(".sc-planner__summary");

  const place = () => {
    // The form just above the agenda it sets, the run view under it; then the sheet's parts.
    const heading = document.getElementById("agenda");
    if (heading) heading.before(form);
    const runView = document.getElementById("sc-run");
    if (runView) form.after(runView);
    printed.prepare();
    form.hidden = false;
  };

  const draw = (values, problems) => {
    const start = minutesOf(values.start);
    const size = Number(values.size);
    current = values;
    const late = shift(segments.length);
    printed.draw(values, start, extra);
    for (const link of document.querySelectorAll("link[data-sc-paper]")) {
      link.media = link.dataset.scPaper === values.paper ? "print" : "not all";
    }

    // Sentences as the language joins them: "" after "。", a space after ".".
    const between = t("sentence");
    summary.textContent = "";
    summary.append(
      filled("span", t("changed"), { start: clock(start), end: clock(start + total + late), size }),
      between,
      filled("span", t("ends"), { time: clock(start + total + late) }),
    );
    if (size < groupMin || size > groupMax) {
      summary.append(between, filled("span", t("outside"), { min: groupMin, max: groupMax, size }));
    }
    problemsList.textContent = "";
    for (const item of problems) problemsList.append(item);
    problemsBox.hidden = problems.length === 0;
    if (!run.hidden) tick();
  };

  // --- The run view: where the session is now by this device's clock ------------------

  const run = document.getElementById("sc-run");
  const runButton = form.querySelector(".sc-planner__run");
  let current = defaults;
  let shown = null; // the segment last announced, so the status speaks only on a change

  const position = () => {
    // Minutes since the chosen start, by the local clock (a session may cross midnight).
    const now = new Date();
    let since = now.getHours() * 60 + now.getMinutes() + now.getSeconds() / 60 - minutesOf(current.start);
    if (since < -DAY / 2) since += DAY;
    if (since > DAY / 2) since -= DAY;
    return since;
  };

  // Which segments after the current one to shorten, and by how much, so the session
  // still ends on time: the ones with the most room to spare first, never below their
  // minimum. `short` is the delay nothing can absorb (0 when the plan absorbs it).
  const proposal = (index) => {
    let left = shift(segments.length);
    const cuts = segments
      .map((s, i) => ({ i, spare: s.minutes + extra[i] - s.floor }))
      .filter((c) => c.i > index && c.spare > 0)
      .sort((a, b) => b.spare - a.spare || a.i - b.i);
    const taken = [];
    for (const c of cuts) {
      if (left <= 0) break;
      const minutes = Math.min(c.spare, left);
      taken.push({ i: c.i, minutes });
      left -= minutes;
    }
    taken.sort((a, b) => a.i - b.i);
    return { taken, short: left };
  };

  // Drawn into a live region: replaced only when the advice changes, so the clock's
  // ticks do not repeat it to a screen reader.
  const advise = (target, index) => {
    const next = document.createElement("span");
    const { taken, short } = proposal(index);
    const start = minutesOf(current.start);
    const late = shift(segments.length) > 0; // on time, there is nothing to propose
    if (late && short > 0) {
      fill(next, t("run-cannot"), { minutes: short, time: clock(start + total + short) });
    } else if (late) {
      fill(next, t("run-shorten"), { time: clock(start + total), segments: listOf(taken) });
    }
    if (next.textContent !== target.textContent) target.replaceChildren(...next.childNodes);
  };

  const listOf = (taken) => {
    const items = taken.map((c) => {
      const span = filled("span", t("run-shorten-item"), { title: segments[c.i].title, minutes: c.minutes });
      return span.textContent;
    });
    try {
      return new Intl.ListFormat(document.documentElement.lang || undefined, { type: "conjunction" }).format(items);
    } catch (error) {
      return items.join(", ");
    }
  };

  const tick = () => {
    const start = minutesOf(current.start);
    const since = position();
    const now = run.querySelector(".sc-run__now");
    const next = run.querySelector(".sc-run__next");
    const status = run.querySelector(".sc-run__status");
    const index = segments.findIndex((s, i) => since < s.at + shift(i) + s.minutes + extra[i]);
    next.textContent = "";
    if (since < 0) {
      fill(now, t("run-before"), { time: clock(start + shift(0)), title: segments[0].title });
    } else if (index === -1) {
      fill(now, t("run-after"), { time: clock(start + total + shift(segments.length)) });
    } else {
      const s = segments[index];
      const finish = s.at + shift(index) + s.minutes + extra[index];
      fill(now, t("run-now"), { title: s.title, minutes: Math.ceil(finish - since), time: clock(start + finish) });
      if (segments[index + 1]) {
        fill(next, t("run-next"), { title: segments[index + 1].title, time: clock(start + finish) });
      }
    }
    advise(run.querySelector(".sc-run__advice"), index === -1 ? segments.length : index);
    if (shown !== index) {
      shown = index;
      // Announced when the segment changes; on screen it would repeat the line above.
      status.textContent = now.textContent;
      status.classList.add("sc-run__echo");
    }
  };

  // A phone reloads a page it put to sleep, mid-workshop: the run (its "+5 min"s, and
  // whether it was open) is kept in this tab's session storage, which ends with the tab.
  // It belongs to one session, its start and date: another start or date starts afresh.
  const RUN = STORE + "-run:" + location.pathname;
  const keepRun = () => {
    try {
      const kept = { start: current.start, date: current.date, extra, open: !run.hidden };
      sessionStorage.setItem(RUN, JSON.stringify(kept));
    } catch (error) {
      /* storage off: the run lasts as long as this page view */
    }
  };
  const restoreRun = (values) => {
    // Whether the run view was open; its minutes are back in `extra`.
    try {
      const kept = JSON.parse(sessionStorage.getItem(RUN) || "null");
      if (!kept || kept.start !== values.start || kept.date !== values.date) return false;
      const fits = Array.isArray(kept.extra) && kept.extra.length === extra.length
        && kept.extra.every((m) => Number.isInteger(m) && m >= 0 && m <= DAY);
      if (!fits) return false;
      kept.extra.forEach((m, i) => { extra[i] = m; });
      return kept.open === true;
    } catch (error) {
      return false;
    }
  };

  const showRun = (open) => {
    run.hidden = !open;
    runButton.setAttribute("aria-expanded", String(open));
  };

  runButton.addEventListener("click", () => {
    showRun(run.hidden);
    keepRun();
    if (!run.hidden) {
      shown = null;
      tick();
      // Its heading in view below the sticky header, then the button a late group needs.
      run.scrollIntoView({ block: "start" });
      run.querySelector(".sc-run__later").focus({ preventScroll: true });
    }
  });
  run.querySelector(".sc-run__later").addEventListener("click", () => {
    const index = segments.findIndex((s, i) => position() < s.at + shift(i) + s.minutes + extra[i]);
    extra[index === -1 ? segments.length - 1 : index] += 5;
    keepRun();
    draw(current, []);
    const status = run.querySelector(".sc-run__status");
    status.classList.remove("sc-run__echo");
    fill(status, t("run-shifted"), { minutes: shift(segments.length) });
  });
  setInterval(() => {
    if (!run.hidden) tick();
  }, 15000);

  // --- Wiring ---------------------------------------------------------------------

  const setFields = (values) => {
    for (const key of KEYS) field(key).value = values[key];
  };

  // Reads the fields as typed; a bad value is reported and replaced by the default in
  // the computation only, so the facilitator's typing stays in the field to correct.
  const readFields = () => {
    const raw = {};
    for (const key of KEYS) raw[key] = field(key).value;
    return validate(raw);
  };

  const fragmentOf = (values) => {
    const params = new URLSearchParams();
    for (const key of KEYS) if (values[key]) params.set(key, values[key]);
    return "#" + params.toString().replace(/%3A/gi, ":");
  };

  const apply = (raw) => {
    const { values, problems } = validate({ ...fromStorage(), ...raw });
    setFields(values);
    draw(values, problems);
  };

  const changed = () => {
    const { values, problems } = readFields();
    draw(values, problems);
    if (problems.length === 0) {
      history.replaceState(null, "", fragmentOf(values));
      save(values);
    }
  };

  // The form shows from the first paint, so on a slow line a facilitator may type before
  // this script runs: what they typed or chose wins over the address and the stored default.
  const typedEarly = () => {
    const typed = {};
    for (const key of KEYS) {
      const el = field(key);
      const initial = el.tagName === "SELECT"
        ? ([...el.options].find((o) => o.defaultSelected) || el.options[0]).value
        : el.defaultValue;
      if (el.value !== initial) typed[key] = el.value;
    }
    return typed;
  };

  place();
  const early = typedEarly();
  const first = { ...fromFragment(), ...early };
  const reopened = restoreRun(validate({ ...fromStorage(), ...first }).values);
  apply(first);
  if (reopened) {
    showRun(true);
    shown = null;
    tick();
  }
  if (Object.keys(early).length > 0) changed();
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // nothing to send: Enter in a field only recomputes
    changed();
  });
  form.querySelector(".sc-planner__print").addEventListener("click", () => window.print());
  window.addEventListener("hashchange", () => {
    const raw = fromFragment();
    if (raw) apply(raw);
  });
})();
