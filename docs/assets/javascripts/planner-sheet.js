/* A workshop page's print sheet with a chosen start, group size, format and date: the
   agenda's clock column, each segment's clock range, the materials for the group and the
   packet's cover. One copy for the workshop page's planner (planner.js) and for the
   programme's print on /plan/ (builder-print.js, which draws workshop pages it fetched).
   Every word is the sheet's own page's: the templates on its planner form (data-sc-t-*)
   and its labels, filled with text nodes only. Needs clock.js. */
(function (root) {
  "use strict";
  const { clock } = root.SolidarityClock;

  // A template's {placeholders} become isolated text (<bdi>), so times and numbers
  // read correctly inside right-to-left sentences; nothing is parsed as markup.
  function fill(target, template, params) {
    target.textContent = "";
    for (const piece of template.split(/(\{\w+\})/)) {
      const key = /^\{(\w+)\}$/.exec(piece);
      if (key && key[1] in params) {
        const bdi = target.ownerDocument.createElement("bdi");
        bdi.textContent = String(params[key[1]]);
        target.append(bdi);
      } else if (piece) {
        target.append(piece);
      }
    }
    return target;
  }

  // The sheet of `article` (a workshop page's text), worded by its planner `form`.
  function sheet(article, form, agenda) {
    const doc = article.ownerDocument;
    const data = form.dataset;
    const t = (name) => data["scT" + name.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())] || "";
    const smallGroup = Number(data.scSmallGroup);
    const smallGroupsFrom = Number(data.scSmallGroupsFrom);
    const total = Number(agenda.dataset.scMinutes);
    // The agenda's rows: each segment's offset and length; the last row is the end.
    const rows = [...agenda.querySelectorAll("tr[data-sc-at]")];
    const segments = rows.slice(0, -1).map((row, i) => {
      const minutes = Number(rows[i + 1].dataset.scAt) - Number(row.dataset.scAt);
      const floor = Number(row.dataset.scMin);
      return {
        title: (row.cells[2] || row).textContent.trim(),
        at: Number(row.dataset.scAt),
        minutes,
        // The plan's own minimum for this segment; without one it keeps its length.
        floor: Number.isInteger(floor) && floor > 0 && floor <= minutes ? floor : minutes,
      };
    });
    const indexAt = new Map(segments.map((s, i) => [s.at, i]));
    const online = article.querySelector(".sc-planner-online");
    const cover = doc.createElement("dl");
    cover.className = "sc-print-cover";

    const label = (name) => {
      const el = form.querySelector(`label[for="sc-planner-${name}"]`);
      return el ? el.textContent : name;
    };
    const longDate = (value) => {
      try {
        const [year, month, day] = value.split("-").map(Number);
        return new Intl.DateTimeFormat(doc.documentElement.lang || undefined, {
          dateStyle: "full",
          timeZone: "UTC",
        }).format(new Date(Date.UTC(year, month - 1, day)));
      } catch (error) {
        return value;
      }
    };

    // Once: the cover under the page's summary, the online notes under the agenda, the
    // script on a new page (as in the packet), the clock column shown.
    function prepare() {
      const glance = article.querySelector(".admonition.abstract");
      if (glance) glance.after(cover);
      else form.after(cover);
      const wrap = agenda.closest(".md-typeset__scrollwrap") || agenda;
      const source = article.querySelector(".sc-online");
      if (online) {
        wrap.after(online);
        for (const node of source ? source.children : []) {
          const copy = node.cloneNode(true);
          for (const el of [copy, ...copy.querySelectorAll("[id]")]) el.removeAttribute("id"); // ids stay unique
          online.append(copy);
        }
      }
      const firstMeta = article.querySelector(".sc-segment-meta");
      const firstSegment = firstMeta && firstMeta.previousElementSibling;
      if (firstSegment && /^H[23]$/.test(firstSegment.tagName)) firstSegment.classList.add("sc-print-break");
      for (const cell of agenda.querySelectorAll("[data-sc-clock]")) cell.hidden = false;
    }

    function materialLine(li, size) {
      const quantity = Number(li.dataset.scQuantity);
      const item = li.dataset.scItem;
      const per = li.dataset.scPer;
      if (per === "participant") return fill(li, t("participant"), { total: quantity * size, item, quantity });
      if (per === "group") {
        if (size < smallGroupsFrom) return fill(li, t("group-whole"), { quantity, item });
        const groups = Math.ceil(size / smallGroup);
        return fill(li, t("group"), { total: quantity * groups, item, quantity, groups });
      }
      return fill(li, t("room"), { quantity, item });
    }

    // `start` in minutes after midnight; `extra[i]`: minutes segment i runs over (the run
    // view's "+5 min"), pushing every later one back.
    function draw(values, start, extra) {
      const shift = (i) => extra.slice(0, i).reduce((a, b) => a + b, 0);
      const size = Number(values.size);
      const end = start + total + shift(segments.length);
      rows.forEach((row, i) => {
        const cell = row.querySelector("[data-sc-clock]");
        if (cell) fill(cell, "{time}", { time: clock(start + Number(row.dataset.scAt) + shift(i)) });
      });
      for (const meta of article.querySelectorAll(".sc-segment-meta[data-sc-at]")) {
        const i = indexAt.get(Number(meta.dataset.scAt)) || 0;
        const at = start + Number(meta.dataset.scAt) + shift(i);
        let span = meta.querySelector(".sc-clock-range");
        if (!span) {
          span = doc.createElement("span");
          span.className = "sc-clock-range";
          meta.prepend(span);
        }
        fill(span, "{from}–{to} · ", { from: clock(at), to: clock(at + Number(meta.dataset.scMinutes) + extra[i]) });
      }
      for (const li of article.querySelectorAll("li[data-sc-per]")) materialLine(li, size);
      if (online) online.hidden = values.format !== "online";
      // What the packet's cover says: when, for whom, on what paper.
      cover.textContent = "";
      const fact = (term, text) => {
        const dt = doc.createElement("dt");
        dt.textContent = term;
        const dd = doc.createElement("dd");
        fill(dd, "{v}", { v: text });
        cover.append(dt, dd);
      };
      if (values.date) fact(label("date"), longDate(values.date));
      // Each end isolated, as every other range on the site: in Arabic the start comes first
      // in reading order (on the right); one isolate for the whole range would put it on the left.
      fact(label("start"), "");
      fill(cover.lastElementChild, "{from}–{to}", { from: clock(start), to: clock(end) });
      fact(label("size"), "");
      fill(cover.lastElementChild, t("group-of"), { count: size });
      fact(label("format"), values.format === "online" ? data.scLOnline : data.scLInPerson);
      fact(label("paper"), values.paper === "letter" ? data.scLLetter : data.scLA4);
    }

    return { t, total, segments, indexAt, cover, prepare, draw };
  }

  root.SolidarityPlannerSheet = { fill, sheet };
})(globalThis);
