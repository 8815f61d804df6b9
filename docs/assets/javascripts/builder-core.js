/* The curriculum generator of hooks/model/planner.py, in the browser: the same choices,
   the same order, the same refusals (kind and numbers). No DOM here, so node runs it too
   (tests/test_builder.py holds it to the Python on hundreds of constraint sets).
   A workshop: {id, minutes, group_min, group_max, format, level, principles: [], requires: []},
   in the model's order. Constraints: {sessions, minutes, cover: [], group_size, format, level,
   break_minutes}; `levels`: workshops.LEVELS, lowest first. */
(function (root) {
  "use strict";

  function Infeasible(kind, params) {
    this.kind = kind;
    this.params = params || {};
  }

  // Python's sorted() on ids, and its tuple and list comparisons.
  function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function listLess(a, b) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] !== b[i]) return a[i] < b[i];
    }
    return a.length < b.length;
  }
  function tupleCmp(a, b) {
    for (let i = 0; i < a.length; i++) {
      const c = cmp(a[i], b[i]);
      if (c) return c;
    }
    return 0;
  }

  function fitsGroup(w, size) {
    return w.group_min <= size && size <= w.group_max;
  }
  function fitsFormat(w, format) {
    return !format || w.format === format || w.format === "both";
  }

  // At or below the highest level asked for (planner.at_level), and the lowest there is.
  function atLevel(w, level, levels) {
    return !level || levels.indexOf(w.level) <= levels.indexOf(level);
  }
  function lowest(list, levels) {
    return levels.find((l) => list.some((w) => w.level === l));
  }

  function eligible(list, c, levels) {
    return list.filter(
      (w) =>
        atLevel(w, c.level, levels) &&
        (c.group_size == null || fitsGroup(w, c.group_size)) &&
        fitsFormat(w, c.format) &&
        w.minutes <= c.minutes
    );
  }

  function closure(ids, byId) {
    const out = new Set(ids);
    const stack = [...ids];
    while (stack.length) {
      for (const need of byId[stack.pop()].requires) {
        if (!out.has(need)) {
          out.add(need);
          stack.push(need);
        }
      }
    }
    return out;
  }

  function order(ids, byId, rank) {
    const key = (wid) => [
      byId[wid].principles.reduce((m, p) => Math.min(m, p in rank ? rank[p] : 99), 99),
      wid,
    ];
    const remaining = [...ids].sort((a, b) => tupleCmp(key(a), key(b)));
    const done = [];
    while (remaining.length) {
      const i = remaining.findIndex((wid) =>
        byId[wid].requires.every((r) => done.includes(r) || !ids.has(r))
      );
      if (i < 0) {
        done.push(...remaining); // a cycle; validation reports it
        break;
      }
      done.push(remaining[i]);
      remaining.splice(i, 1);
    }
    return done;
  }

  // Exactly c.sessions contiguous runs that each fit, breaks included; the most even wins.
  function pack(sequence, byId, c) {
    const minutes = sequence.map((w) => byId[w].minutes);
    const gap = c.break_minutes || 0;
    let best = null;
    function split(start, left, acc, longest) {
      if (left === 1) {
        const total =
          minutes.slice(start).reduce((a, b) => a + b, 0) + gap * (sequence.length - start - 1);
        if (start < sequence.length && total <= c.minutes) {
          const longestNow = Math.max(longest, total);
          if (best === null || longestNow < best[0]) {
            best = [longestNow, acc.concat([sequence.slice(start)])];
          }
        }
        return;
      }
      let total = 0;
      for (let end = start + 1; end < sequence.length - left + 2; end++) {
        total += minutes[end - 1] + (end - 1 > start ? gap : 0);
        if (total > c.minutes) break;
        split(end, left - 1, acc.concat([sequence.slice(start, end)]), Math.max(longest, total));
      }
    }
    if (sequence.length >= c.sessions) split(0, c.sessions, [], 0);
    return best ? best[1] : null;
  }

  function plan(list, c, rank, levels) {
    const byId = {};
    for (const w of list) byId[w.id] = w;
    if (c.sessions < 1 || c.minutes < 1) throw new Infeasible("at_least_one");
    const unknown = c.cover.filter((p) => !(p in rank));
    if (unknown.length) {
      throw new Infeasible("unknown_principle", {
        principle: unknown[0],
        known: Object.keys(rank).sort(),
      });
    }
    const pool = eligible(list, c, levels);
    explainEachPrinciple(list, pool, c, levels);
    const ids = pool.map((w) => w.id).sort();
    const inPool = new Set(ids);
    let best = null;
    // Every subset once: a set counts only when it is its own prerequisites' closure.
    for (let mask = 1; mask < 1 << ids.length; mask++) {
      const subset = ids.filter((_, i) => mask & (1 << i));
      const chosen = closure(subset, byId);
      if (chosen.size !== subset.length || ![...chosen].every((w) => inPool.has(w))) continue;
      const taught = new Set();
      for (const w of chosen) for (const p of byId[w].principles) taught.add(p);
      if (!c.cover.every((p) => taught.has(p))) continue;
      const sessions = pack(order(chosen, byId, rank), byId, c);
      if (sessions === null) continue;
      const total = [...chosen].reduce((a, w) => a + byId[w].minutes, 0);
      const score = [taught.size, total, -subset.length];
      const key = [...chosen].sort();
      const better = best === null ? 1 : tupleCmp(score, best[0]);
      if (better > 0 || (better === 0 && listLess(key, best[1]))) best = [score, key, sessions];
    }
    if (best === null) throw explainJointly(list, pool, c, rank, levels);
    const covered = new Set();
    for (const s of best[2]) for (const w of s) for (const p of byId[w].principles) covered.add(p);
    return { sessions: best[2], covered: [...covered].sort() };
  }

  function explainEachPrinciple(list, pool, c, levels) {
    for (const principle of c.cover) {
      if (pool.some((w) => w.principles.includes(principle))) continue;
      const teaching = list.filter((w) => w.principles.includes(principle));
      if (!teaching.length) throw new Infeasible("nobody_teaches", { principle });
      const byFormat = teaching.filter((w) => fitsFormat(w, c.format));
      if (!byFormat.length) {
        throw new Infeasible("principle_format", {
          format: c.format,
          principle,
          workshops: teaching.map((w) => w.id),
        });
      }
      const byGroup = byFormat.filter((w) => c.group_size == null || fitsGroup(w, c.group_size));
      if (!byGroup.length) {
        const largest = Math.max(...byFormat.map((w) => w.group_max));
        const smallest = Math.min(...byFormat.map((w) => w.group_min));
        if (c.group_size && c.group_size > largest) {
          throw new Infeasible("principle_group_large", { principle, size: c.group_size, largest });
        }
        throw new Infeasible("principle_group_small", { principle, size: c.group_size, smallest });
      }
      const byLevel = byGroup.filter((w) => atLevel(w, c.level, levels));
      if (!byLevel.length) {
        throw new Infeasible("principle_level", {
          principle,
          asked: c.level,
          level: lowest(byGroup, levels),
        });
      }
      const shortest = byLevel.reduce((a, w) =>
        tupleCmp([w.minutes, w.id], [a.minutes, a.id]) < 0 ? w : a
      );
      throw new Infeasible("principle_minutes", {
        principle,
        shortest: shortest.id,
        minutes: shortest.minutes,
      });
    }
  }

  function explainJointly(all, pool, c, rank, levels) {
    if (!pool.length) {
      const list = all.filter((w) => atLevel(w, c.level, levels));
      if (!list.length) return new Infeasible("level", { asked: c.level, level: lowest(all, levels) });
      if (c.group_size != null && !list.some((w) => fitsGroup(w, c.group_size))) {
        const largest = Math.max(...list.map((w) => w.group_max));
        const smallest = Math.min(...list.map((w) => w.group_min));
        if (c.group_size < smallest) {
          return new Infeasible("group_small", { size: c.group_size, smallest });
        }
        if (c.group_size > largest) {
          return new Infeasible("group_large", { size: c.group_size, largest });
        }
        const pairs = [...new Set(list.map((w) => w.group_min + " " + w.group_max))]
          .map((p) => p.split(" ").map(Number))
          .sort(tupleCmp);
        return new Infeasible("group_between", {
          size: c.group_size,
          sizes: pairs.map((p) => p[0] + "–" + p[1]),
        });
      }
      if (!list.some((w) => w.minutes <= c.minutes)) {
        return new Infeasible("minutes_all", { minutes: Math.min(...list.map((w) => w.minutes)) });
      }
      return new Infeasible("together");
    }
    if (c.sessions > pool.length) {
      return new Infeasible("sessions_fewer", { count: pool.length, sessions: c.sessions });
    }
    for (let more = c.sessions + 1; more <= pool.length; more++) {
      try {
        plan(all, Object.assign({}, c, { sessions: more }), rank, levels);
      } catch (e) {
        if (e instanceof Infeasible) continue;
        throw e;
      }
      if (c.cover.length) {
        return new Infeasible("sessions_more", {
          cover: c.cover.slice(),
          sessions: c.sessions,
          minutes: c.minutes,
          more,
        });
      }
      return new Infeasible("sessions_more_all", {
        sessions: c.sessions,
        minutes: c.minutes,
        more,
      });
    }
    return new Infeasible("arrange");
  }

  // A plan or its refusal, never an exception: {sessions, covered} or {kind, params}.
  function build(list, c, rank, levels) {
    try {
      return plan(list, c, rank, levels);
    } catch (e) {
      if (e instanceof Infeasible) return { kind: e.kind, params: e.params };
      throw e;
    }
  }

  // A workshop as the page carries it (numbers as text, ids space-separated) for plan().
  function fromData(r) {
    const ids = (v) => (Array.isArray(v) ? v : String(v || "").split(" ").filter(Boolean));
    return {
      id: r.id,
      minutes: Number(r.minutes),
      group_min: Number(r.group_min),
      group_max: Number(r.group_max),
      format: r.format,
      level: r.level,
      principles: ids(r.principles),
      requires: ids(r.requires),
    };
  }

  const api = { build, plan, fromData, Infeasible };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.SolidarityBuilder = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
