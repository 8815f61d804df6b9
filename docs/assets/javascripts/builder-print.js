/* The programme's print with every workshop's pages, on /plan/: loaded by builder.js the
   first time it is asked for. It fetches the programme's workshop pages (same origin, the
   page's language), takes each one's text, draws it with planner-sheet.js (the workshop
   page's own print: clock from its session's start, materials for the group, the cover)
   and places the workshops after the programme, in order, each from a new page; the
   browser's print then gives one document. The fetched pages stay inert: parsed by
   DOMParser (its scripts never run), with scripts, forms and embeds removed. Opened from
   a file (the offline zip), a page may not read others: the page says so. */
(function () {
  "use strict";
  const here = document.currentScript.src;
  const asset = (path) => new URL("../" + path, here).href;
  const form = document.querySelector("form.sc-builder");
  const data = form.dataset;
  const note = form.querySelector(".sc-builder__print-note");
  const paper = form.elements.namedItem("paper");
  const { clock } = window.SolidarityClock; // clock.js
  const t = (name) => data["scT" + name.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())] || "";
  // Progress and outcome, under the buttons, in a live region of their own (the builder's
  // status keeps saying what was built); a change made in the background speaks only if
  // it changes what is said.
  const say = (text, loud) => {
    if (loud || note.textContent !== text) note.textContent = text;
  };
  // A message as plain text (it goes to textContent only).
  const words = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

  // The sheet script and the workshop page's print styles, once; the paper's size follows
  // the builder's choice.
  const sizes = {};
  let ready = null;
  function load() {
    if (ready) return ready;
    const sheet = (href, media) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = asset(href);
      if (media) link.media = media;
      document.head.append(link);
      return new Promise((done, fail) => {
        link.addEventListener("load", () => done(link));
        link.addEventListener("error", () => fail(new Error(link.href)));
      });
    };
    const script = new Promise((done, fail) => {
      const el = document.createElement("script");
      el.src = asset("javascripts/planner-sheet.js");
      el.addEventListener("load", done);
      el.addEventListener("error", () => fail(new Error(el.src)));
      document.head.append(el);
    });
    sizes.a4 = sheet("stylesheets/planner-a4.css", "not all");
    sizes.letter = sheet("stylesheets/planner-letter.css", "not all");
    ready = Promise.all([script, sheet("stylesheets/planner.css"), sizes.a4, sizes.letter]).catch((error) => {
      ready = null; // the next try loads again
      throw error;
    });
    return ready;
  }
  function setPaper() {
    for (const [name, link] of Object.entries(sizes)) {
      link.then((l) => (l.media = name === paper.value ? "print" : "not all"));
    }
  }

  // planner.css breaks the workshop's print into the packet's pages by heading ids; the ids
  // change here (each workshop's own prefix, so they stay unique), so its rules are
  // applied to the headings first, as the class they already know.
  function breaks(article) {
    const css = [...document.styleSheets].find((s) => s.href && s.href.endsWith("/planner.css"));
    const rules = [];
    const walk = (list) => {
      for (const rule of list) {
        if (rule.cssRules) walk(rule.cssRules);
        else if (rule.style && rule.style.breakBefore) rules.push(rule);
      }
    };
    if (css) walk(css.cssRules);
    for (const rule of rules) {
      for (const el of article.querySelectorAll(rule.selectorText)) {
        el.classList.toggle("sc-print-break", rule.style.breakBefore === "page");
      }
    }
  }

  // A workshop page's text, inert, its links and ids made to work inside /plan/.
  function inert(article, url, prefix) {
    const drop = "script, iframe, object, embed, form, noscript, template, #sc-run, .sc-contribute, .sc-timebar, .headerlink";
    for (const el of article.querySelectorAll(drop)) el.remove();
    const refs = ["aria-labelledby", "aria-describedby", "aria-controls", "for"];
    for (const el of article.querySelectorAll("*")) {
      for (const attr of [...el.attributes]) {
        if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
        else if (attr.name === "id") el.id = prefix + attr.value;
        else if (refs.includes(attr.name)) el.setAttribute(attr.name, attr.value.split(/\s+/).map((v) => prefix + v).join(" "));
      }
      for (const name of ["href", "src"]) {
        const value = el.getAttribute(name);
        if (value === null) continue;
        if (value.startsWith("#")) el.setAttribute(name, "#" + prefix + value.slice(1));
        else {
          const target = new URL(value, url);
          if (target.origin === location.origin) el.setAttribute(name, target.href);
          else el.removeAttribute(name);
        }
      }
    }
  }

  // One workshop's part of the print: its page's sheet, drawn for this session.
  function part(html, url, { slot, session, number }, request, index) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const article = doc.querySelector("article.md-typeset");
    const planner = doc.querySelector("form[data-sc-planner]");
    const agenda = article && article.querySelector("table[data-sc-agenda]");
    const w = request.byId[slot.item];
    if (!article || !planner || !agenda) throw new Error("no print section");
    const values = {
      size: request.request.group_size,
      format: request.request.format || (w.format === "online" ? "online" : "in-person"),
      paper: paper.value,
      date: session.date,
    };
    const sheet = window.SolidarityPlannerSheet.sheet(article, planner, agenda);
    sheet.prepare();
    sheet.draw(values, slot.start, sheet.segments.map(() => 0));
    breaks(article);
    inert(article, url, `sc-p${index}-`);
    const section = document.createElement("section");
    section.className = "sc-bprint__part";
    // Which session it belongs to, in the programme's own words (as its overview says it).
    const last = session.slots[session.slots.length - 1];
    const when = document.createElement("p");
    when.className = "sc-bprint__session";
    window.SolidarityPlannerSheet.fill(when, t(session.date ? "session-dated" : "session"), {
      number,
      date: session.date,
      from: clock(session.slots[0].start),
      to: clock(last.end),
      minutes: last.end - session.slots[0].start,
    });
    section.append(when);
    section.lang = doc.documentElement.lang;
    section.dir = doc.documentElement.dir || "ltr";
    section.append(...[...article.childNodes].map((node) => document.adoptNode(node)));
    return section;
  }

  let programme = null;
  let used = false; // once asked for, the parts follow every change (for the browser's own print)
  let box = null;
  let shownKey = null; // what the parts in the page were drawn for
  const keyOf = (p) => JSON.stringify([p.request.group_size, p.request.format, p.sessions, paper.value]);
  form.addEventListener("sc-programme", (event) => {
    programme = event.detail;
    if (programme && used) refresh(programme, false);
    else if (box) {
      box.remove(); // no programme: the browser's own print gives what the page shows
      box = null;
      shownKey = null;
    }
  });
  paper.addEventListener("change", setPaper);
  // "Print the programme" still prints the overview alone (this listener runs before
  // builder.js's, which opens the dialog); the browser's own print gives everything asked for.
  form.querySelector(".sc-builder__print").addEventListener("click", () => box && (box.hidden = true), true);
  window.addEventListener("afterprint", () => box && (box.hidden = false));

  async function gather(wanted, loud) {
    const slots = wanted.sessions.flatMap((session, i) => session.slots.map((slot) => ({ slot, session, number: i + 1 })));
    if (loud) say(words(t("print-gathering"), { count: slots.length }), loud);
    await load();
    setPaper();
    const pages = await Promise.all(
      slots.map(async ({ slot }) => {
        const url = new URL(wanted.byId[slot.item].href, location.href).href;
        const response = await fetch(url, { credentials: "same-origin", redirect: "error" }).catch(() => null);
        const text = response && response.ok ? await response.text() : null;
        if (text === null) throw new Error(wanted.byId[slot.item].title);
        return { text, url };
      }),
    );
    return pages.map((p, i) => {
      try {
        return part(p.text, p.url, slots[i], wanted, i + 1);
      } catch (error) {
        throw new Error(wanted.byId[slots[i].slot.item].title); // the message names the workshop
      }
    });
  }

  // The parts for `wanted` in the page, after the programme; true once they are there.
  async function refresh(wanted, loud) {
    const key = keyOf(wanted);
    if (box && shownKey === key) return true;
    let parts;
    try {
      parts = await gather(wanted, loud);
    } catch (error) {
      if (programme === wanted) say(words(t("print-failed"), { title: error.message }), loud);
      return false;
    }
    if (programme !== wanted) return false; // changed meanwhile: the newer one is on its way
    if (box) box.remove();
    box = document.createElement("div");
    box.className = "sc-bprint";
    box.append(...parts);
    document.querySelector(".sc-builder__result").after(box);
    shownKey = key;
    box.dataset.scReady = String(parts.length);
    say(words(t("print-ready"), { count: parts.length }), loud);
    return true;
  }

  async function print(wanted) {
    if (!wanted) return;
    programme = wanted;
    if (location.protocol === "file:") return say(t("print-offline"), true);
    used = true;
    if (await refresh(wanted, true)) window.print();
  }

  window.SolidarityBuilderPrint = { print };
})();
