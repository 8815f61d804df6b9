/* The clock of hooks/model/schedule.py, for the workshop planner (planner.js) and the
   programme builder (builder-core.js): one copy, loaded before either on their pages only.
   A classic script, not an ES module: modules do not load from file:// (the offline zip). */
(function (root) {
  "use strict";
  const DAY = 24 * 60;
  const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/; // schedule.CLOCK
  const pad = (n) => String(n).padStart(2, "0");
  // Clock time, wrapping past midnight either way (schedule.clock).
  function clock(minutes) {
    const m = ((minutes % DAY) + DAY) % DAY;
    return pad(Math.floor(m / 60)) + ":" + pad(m % 60);
  }
  // Running clock from 0:00 (schedule.elapsed).
  function elapsed(minutes) {
    return Math.floor(minutes / 60) + ":" + pad(minutes % 60);
  }
  // Minutes after midnight of an "HH:MM" time, or null (schedule.parse_clock).
  function parseClock(value) {
    if (typeof value !== "string") return null;
    const match = CLOCK.exec(value.trim());
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  }
  // Items one after another from `start`, `gap` minutes (a break) between two:
  // [{start, end, item}] (schedule.lay_out, no fixed times).
  function layOut(items, start, minutes, gap = 0) {
    let at = start;
    return items.map((item, i) => {
      const from = i ? at + gap : at;
      at = from + minutes(item);
      return { start: from, end: at, item };
    });
  }
  const api = { DAY, clock, elapsed, parseClock, layOut };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.SolidarityClock = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
