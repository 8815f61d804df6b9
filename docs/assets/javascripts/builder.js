/* The programme builder page (/plan/): the form, the programme it gives, and sharing it.
   The algorithm is builder-core.js (the same as `solidarity curriculum`); every word comes
   from the page's data-* attributes, in the page's language, and reaches the page as text
   nodes, never markup. Nothing leaves the browser: the address's fragment and a file the
   facilitator saves are the only ways a programme travels. */
(function () {
  "use strict";
  const core = window.SolidarityBuilder;
  const time = window.SolidarityClock; // clock.js
  const form = document.querySelector("form.sc-builder");
  if (!core || !form) return;
  const data = form.dataset;
  const result = document.querySelector(".sc-builder__result");
  const problems = form.querySelector(".sc-builder__problems");
  const status = form.querySelector(".sc-builder__status");
  const exportLink = form.querySelector(".sc-builder__export");
  const fileInput = form.querySelector(".sc-builder__file");
  const nearest = result.querySelector(".sc-builder__nearest");
  const field = (name) => form.elements.namedItem(name);
  const boxes = [...form.querySelectorAll('input[name="cover"]')];
  const here = document.currentScript && document.currentScript.src; // for builder-print.js
  // The levels, lowest first, and their names: the level field's choices (after "any").
  const levelNames = Object.fromEntries([...field("level").options].map((o) => [o.value, o.text]));
  const levels = Object.keys(levelNames).filter(Boolean);
  // The fields a request is made of, as the fragment and a saved file name them.
  const FIELDS = ["sessions", "minutes", "size", "format", "level", "break", "start", "date"];
  const MARKER = "programme";
  const VERSION = 1;

  const workshops = [...document.querySelectorAll(".sc-builder__data > li")].map((li) => {
    const d = li.dataset;
    const record = {
      id: d.id,
      minutes: d.minutes,
      group_min: d.groupMin,
      group_max: d.groupMax,
      format: d.format,
      level: d.level,
      principles: d.principles,
      requires: d.requires,
    };
    return Object.assign(core.fromData(record), {
      title: d.title,
      href: d.href,
      packet: d.packet,
      materials: [...li.querySelectorAll("li")].map((m) => ({
        item: m.textContent,
        quantity: Number(m.dataset.quantity),
        per: m.dataset.per,
      })),
    });
  });
  const byId = Object.fromEntries(workshops.map((w) => [w.id, w]));
  const rank = Object.fromEntries(boxes.map((b) => [b.value, Number(b.dataset.scRank)]));
  const names = Object.fromEntries(boxes.map((b) => [b.value, b.dataset.scTitle]));
  for (const w of workshops) names[w.id] = w.title;

  // `data-sc-t-bad-start` -> dataset.scTBadStart
  const key = (prefix, name) =>
    prefix + name.replace(/(^|[-_])([a-z])/g, (_, __, ch) => ch.toUpperCase());
  const t = (name) => data[key("scT", name)] || "";
  // Between two sentences: "" in a language whose full stop ends the space ("。").
  const sentences = (...list) => list.filter((x) => x).join("scSentence" in data ? data.scSentence : " ");

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  // A number, time or date, kept left to right inside right-to-left text.
  function ltr(value) {
    const b = el("bdi", null, String(value));
    b.dir = "ltr";
    return b;
  }
  // The template's {placeholders} filled with text or nodes; the rest stays text.
  function fill(node, template, values) {
    for (const part of template.split(/(\{\w+\})/)) {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m || !(m[1] in values)) {
        if (part) node.append(part);
        continue;
      }
      const v = values[m[1]];
      node.append(v instanceof Node ? v : typeof v === "number" ? ltr(v) : el("bdi", null, v));
    }
    return node;
  }
  const text = (template, values) => fill(el("span"), template, values).textContent;

  function refusal(kind, params) {
    const separator = data.scSeparator;
    const values = {};
    for (const [k, v] of Object.entries(params)) {
      if (k === "format") values[k] = data[key("scF", v)] || v;
      else if (k === "level" || k === "asked") values[k] = levelNames[v] || v;
      else if (Array.isArray(v)) values[k] = v.map((x) => names[x] || x).join(separator);
      else if (typeof v === "string") values[k] = names[v] || v;
      else values[k] = v;
    }
    return fill(el("span"), data[key("scR", kind)] || kind, values);
  }

  // ---- The form's values, checked. ----
  function label(name) {
    return data[key("scL", name)];
  }
  // A whole number from 1 (from 0 for the break) to max.
  function whole(name, max, complaints, low = 1) {
    const raw = field(name).value.trim();
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (n >= low && n <= max) return n;
    const values = { field: label(name), value: raw, max };
    complaints.push(text(t(low ? "bad-number" : "bad-break"), values));
    return null;
  }
  function read() {
    const complaints = [];
    const request = {
      sessions: whole("sessions", Number(data.scMaxSessions), complaints),
      minutes: whole("minutes", Number(data.scMaxMinutes), complaints),
      group_size: whole("size", Number(data.scMaxSize), complaints),
      format: field("format").value || null,
      level: field("level").value || null,
      break_minutes: whole("break", Number(data.scMaxBreak), complaints, 0),
      cover: boxes.filter((b) => b.checked).map((b) => b.value),
      start: time.parseClock(field("start").value),
      date: field("date").value,
    };
    if (request.start === null) {
      complaints.push(text(t("bad-start"), { field: label("start"), value: field("start").value }));
    }
    if (request.date && !isoDate(request.date)) {
      complaints.push(text(t("bad-date"), { field: label("date"), value: request.date }));
    }
    return { request, complaints };
  }
  function isoDate(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return null;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === value ? d : null;
  }
  // The first session's date, then weekly (as `solidarity curriculum --date`).
  function dateOf(first, n) {
    return new Date(first.getTime() + n * 7 * 86400000).toISOString().slice(0, 10);
  }

  // The status line (role=status) says what the page did; `unseen`: for screen readers
  // only, when the same words are on the page already.
  function said(line, words, unseen = false) {
    line.textContent = words;
    line.classList.toggle("sc-builder__status--unseen", unseen);
  }

  function showProblems(list) {
    const ul = problems.querySelector("ul");
    ul.replaceChildren(...list.map((p) => el("li", null, p)));
    problems.hidden = !list.length;
  }

  // ---- The programme. ----
  function materialsFor(ids, size) {
    const totals = new Map();
    const small = Number(data.scSmallGroup);
    const from = Number(data.scSmallGroupsFrom);
    for (const id of ids) {
      for (const m of byId[id].materials) {
        let total = m.quantity;
        if (m.per === "participant") total = m.quantity * size;
        else if (m.per === "group" && size >= from) total = m.quantity * Math.ceil(size / small);
        totals.set(m.item, (totals.get(m.item) || 0) + total);
      }
    }
    return [...totals].map(([item, total]) => fill(el("li"), t("material"), { total, item }));
  }

  function session(number, ids, request) {
    const slots = time.layOut(ids, request.start, (id) => byId[id].minutes, request.break_minutes);
    const end = slots.length ? slots[slots.length - 1].end : request.start;
    const first = request.date ? isoDate(request.date) : null;
    const li = el("li");
    const values = {
      number,
      from: ltr(time.clock(request.start)),
      to: ltr(time.clock(end)),
      minutes: end - request.start,
    };
    if (first) values.date = ltr(dateOf(first, number - 1));
    li.append(fill(el("h3"), t(first ? "session-dated" : "session"), values));
    const ul = el("ul");
    const line = (from, to, name, title) =>
      fill(el("li"), t(name), {
        from: ltr(time.clock(from)),
        to: ltr(time.clock(to)),
        title,
        minutes: to - from,
      });
    slots.forEach((slot, i) => {
      const before = i ? slots[i - 1].end : slot.start; // a break between two workshops
      if (slot.start > before) ul.append(line(before, slot.start, "break-line"));
      const w = byId[slot.item];
      const a = el("a", null, w.title);
      a.href = w.href;
      const item = line(slot.start, slot.end, "workshop-line", a);
      if (w.packet) {
        const pdf = el("a", "sc-builder__pdf", "PDF");
        pdf.href = w.packet;
        item.append(" ", pdf);
      }
      ul.append(item);
    });
    li.append(ul);
    return li;
  }

  // The change that the refusal names as what would work, if it names one.
  function suggestion(kind, p) {
    switch (kind) {
      case "principle_minutes":
      case "minutes_all":
        return { minutes: p.minutes };
      case "group_large":
      case "principle_group_large":
        return { size: p.largest };
      case "group_small":
      case "principle_group_small":
        return { size: p.smallest };
      case "principle_format":
        return { format: "" };
      case "principle_level":
      case "level":
        return { level: p.level };
      case "sessions_fewer":
        return { sessions: p.count };
      case "sessions_more":
      case "sessions_more_all":
        return { sessions: p.more };
      default:
        return null;
    }
  }

  let nearestChange = null;
  let lastUrl = null;

  function compute() {
    const { request, complaints } = read();
    showProblems(complaints);
    if (complaints.length) {
      exportLink.hidden = true;
      printable(null);
      // The problem box (an alert) says and announces what is wrong; no programme to report.
      said(status, "");
      return;
    }
    remember(request);
    const outcome = core.build(workshops, request, rank, levels);
    result.hidden = false;
    const refusalBox = result.querySelector(".sc-builder__refusal");
    const programme = result.querySelector(".sc-builder__programme");
    const covers = result.querySelector(".sc-builder__covers");
    const heading = result.querySelector(".sc-builder__materials-heading");
    const materials = result.querySelector(".sc-builder__materials");
    if (outcome.kind) {
      const why = fill(el("span"), t("refused"), { reason: refusal(outcome.kind, outcome.params) });
      result.querySelector(".sc-builder__reason").replaceChildren(why);
      refusalBox.hidden = false;
      nearestChange = suggestion(outcome.kind, outcome.params);
      nearest.hidden = !nearestChange;
      programme.replaceChildren();
      covers.replaceChildren();
      heading.replaceChildren();
      heading.hidden = true;
      materials.replaceChildren();
      result.classList.add("sc-builder__result--refused");
      exportLink.hidden = true; // only a programme that was built can be saved
      printable(null);
      // Shown in the refusal box; the status line only announces it (no second copy in view).
      said(status, why.textContent, true);
      return;
    }
    refusalBox.hidden = true;
    result.classList.remove("sc-builder__result--refused");
    const ol = el("ol", "sc-builder__sessions");
    outcome.sessions.forEach((ids, i) => ol.append(session(i + 1, ids, request)));
    programme.replaceChildren(ol);
    covers.replaceChildren();
    heading.replaceChildren();
    fill(covers, t("covers"), {
      principles: outcome.covered.map((p) => names[p] || p).join(data.scSeparator),
    });
    heading.hidden = false;
    fill(heading, t("materials"), { size: request.group_size });
    materials.replaceChildren(...materialsFor(outcome.sessions.flat(), request.group_size));
    said(status, text(t("built"), {
      sessions: outcome.sessions.length,
      count: outcome.covered.length,
    }));
    offer(request, outcome.sessions);
    printable({
      request,
      sessions: outcome.sessions.map((ids, i) => ({
        date: request.date ? dateOf(isoDate(request.date), i) : "",
        slots: time.layOut(ids, request.start, (id) => byId[id].minutes),
      })),
      byId,
    });
  }

  // ---- Print with every workshop's pages: builder-print.js, loaded on first use. ----
  let printing = null;
  function printable(programme) {
    printing = programme;
    form.querySelector(".sc-builder__print-with").hidden = !programme;
    form.dispatchEvent(new CustomEvent("sc-programme", { detail: programme }));
  }
  form.querySelector(".sc-builder__print-all").addEventListener("click", (event) => {
    if (window.SolidarityBuilderPrint) return window.SolidarityBuilderPrint.print(printing);
    if (event.currentTarget.dataset.scLoading != null) return;
    event.currentTarget.dataset.scLoading = "";
    const script = el("script");
    script.src = here.replace(/builder\.js$/, "builder-print.js");
    script.addEventListener("load", () => window.SolidarityBuilderPrint.print(printing));
    document.head.append(script);
  });

  // ---- Sharing: the fragment and a saved file. ----
  function asFields(request) {
    return {
      sessions: request.sessions,
      minutes: request.minutes,
      cover: request.cover,
      size: request.group_size,
      format: request.format || "",
      level: request.level || "",
      break: request.break_minutes,
      start: time.clock(request.start),
      date: request.date || "",
    };
  }
  function remember(request) {
    const f = asFields(request);
    const parts = [
      "sessions=" + f.sessions,
      "minutes=" + f.minutes,
      "cover=" + f.cover.map(encodeURIComponent).join(","),
      "size=" + f.size,
    ];
    if (f.format) parts.push("format=" + f.format);
    if (f.level) parts.push("level=" + f.level);
    if (f.break) parts.push("break=" + f.break);
    parts.push("start=" + f.start);
    if (f.date) parts.push("date=" + f.date);
    try {
      history.replaceState(null, "", "#" + parts.join("&"));
    } catch (e) {
      // Some browsers refuse history changes on file:// pages; the programme still shows.
    }
  }
  function offer(request, sessions) {
    const saved = Object.assign({ solidarity: MARKER, version: VERSION }, asFields(request));
    saved.programme = sessions;
    const blob = new Blob([JSON.stringify(saved, null, 2) + "\n"], { type: "application/json" });
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(blob);
    exportLink.href = lastUrl;
    exportLink.hidden = false;
  }

  // Puts the valid values into the form; returns the ones that are not valid.
  function apply(values) {
    const bad = [];
    const number = (name, max, low = 1) => {
      const s = String(values[name]);
      if (/^\d+$/.test(s) && Number(s) >= low && Number(s) <= max) field(name).value = s;
      else bad.push(s);
    };
    const choice = (name, allowed) => {
      if (allowed.includes(values[name])) field(name).value = values[name];
      else bad.push(String(values[name]));
    };
    if ("sessions" in values) number("sessions", Number(data.scMaxSessions));
    if ("minutes" in values) number("minutes", Number(data.scMaxMinutes));
    if ("size" in values) number("size", Number(data.scMaxSize));
    if ("break" in values) number("break", Number(data.scMaxBreak), 0);
    if ("format" in values) choice("format", ["", "in-person", "online"]);
    if ("level" in values) choice("level", ["", ...levels]);
    if ("start" in values) {
      const m = time.parseClock(String(values.start));
      if (m === null) bad.push(String(values.start));
      else field("start").value = time.clock(m);
    }
    if ("date" in values) {
      if (values.date === "" || isoDate(String(values.date))) field("date").value = values.date;
      else bad.push(String(values.date));
    }
    if ("cover" in values) {
      const ids = Array.isArray(values.cover) ? values.cover.map(String) : null;
      const unknown = ids ? ids.filter((id) => !(id in rank)) : [String(values.cover)];
      if (unknown.length) bad.push(...unknown);
      else for (const b of boxes) b.checked = ids.includes(b.value);
    }
    return bad;
  }

  // A fragment that names an element of the page (the "skip to content" link, a heading's
  // link) is a place to go to, not a programme.
  function anchorOnly() {
    const hash = location.hash.slice(1);
    return hash !== "" && !hash.includes("=") && document.getElementById(hash) !== null;
  }

  function fromFragment() {
    const hash = location.hash.slice(1);
    if (!hash || anchorOnly()) return [];
    const values = {};
    const bad = [];
    for (const pair of hash.split("&")) {
      const at = pair.indexOf("=");
      const name = at < 0 ? pair : pair.slice(0, at);
      let value = at < 0 ? "" : pair.slice(at + 1);
      try {
        value = decodeURIComponent(value);
      } catch (e) {
        bad.push(value);
        continue;
      }
      if (name === "cover") values.cover = value ? value.split(",") : [];
      else if (FIELDS.includes(name)) values[name] = value;
      else bad.push(pair);
    }
    return bad.concat(apply(values)).map((v) => text(t("bad-fragment"), { value: v }));
  }

  fileInput.addEventListener("change", () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const refuse = () => {
      // Said by the problem box alone: the status line keeps the programme's, which stays.
      showProblems([text(t("bad-file"), { file: file.name })]);
    };
    file.text().then((content) => {
      let saved;
      try {
        saved = JSON.parse(content);
      } catch (e) {
        return refuse();
      }
      if (!saved || saved.solidarity !== MARKER || saved.version !== VERSION) return refuse();
      const before = new FormData(form);
      const values = { level: "", break: 0 }; // a file saved before these fields had none
      for (const k of [...FIELDS, "cover"]) {
        if (k in saved) values[k] = saved[k] === null ? "" : saved[k];
      }
      if (apply(values).length) {
        restore(before); // nothing half-loaded: the form stays as it was
        return refuse();
      }
      compute();
      status.textContent = sentences(text(t("loaded"), { file: file.name }), status.textContent);
    }, refuse);
    fileInput.value = "";
  });
  function restore(before) {
    for (const name of FIELDS) field(name).value = before.get(name);
    const cover = before.getAll("cover");
    for (const b of boxes) b.checked = cover.includes(b.value);
  }

  nearest.addEventListener("click", () => {
    if (!nearestChange) return;
    apply(nearestChange);
    compute();
    field(Object.keys(nearestChange)[0]).focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    compute();
  });
  form.addEventListener("change", (event) => {
    if (event.target !== fileInput) compute();
  });
  form.querySelector(".sc-builder__print").addEventListener("click", () => window.print());
  window.addEventListener("hashchange", () => {
    if (anchorOnly()) return;
    const bad = fromFragment();
    compute();
    if (bad.length) showProblems(bad);
  });

  // The form shows from the first paint, so on a slow line a facilitator may type or
  // tick before this script runs: what they chose wins over the address.
  const typedEarly = () => {
    const typed = {};
    for (const name of FIELDS) {
      const el = field(name);
      const initial = el.tagName === "SELECT"
        ? ([...el.options].find((o) => o.defaultSelected) || el.options[0]).value
        : el.defaultValue;
      if (el.value !== initial) typed[name] = el.value;
    }
    if (boxes.some((b) => b.checked !== b.defaultChecked)) {
      typed.cover = boxes.filter((b) => b.checked).map((b) => b.value);
    }
    return typed;
  };

  const early = typedEarly();
  const bad = fromFragment();
  apply(early);
  // A shared or bookmarked request is answered at once; a bare visit waits for the
  // reader's first change or "Build": trying every combination is the page's one long
  // task, and a phone should not pay it before anyone asks.
  if ((location.hash.length > 1 && !anchorOnly()) || Object.keys(early).length > 0) compute();
  if (bad.length) {
    showProblems(bad);
    // Said by the problem box alone: the status line keeps what was built from the rest.
  }
  form.dataset.scReady = ""; // for tests: the fragment is read and its result shown
})();
