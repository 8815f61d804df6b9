// The preview's reload (served by hooks/preview/server.py, never part of the site):
// wait for the next update, then reload the page if the update rendered it again, or
// show the problems that kept it.
(() => {
  "use strict";
  const own = new URL(document.currentScript.src);
  let since = Number(own.searchParams.get("v") || 0);

  const lang = document.documentElement.lang || "en";
  const path = encodeURIComponent(location.pathname);

  // The box speaks the page's language (words from translations/*/strings.yml, sent
  // with each update); the build's messages are English and read left to right.
  const show = (problems, labels) => {
    document.getElementById("sc-preview-problems")?.remove();
    if (!problems.length) return;
    const box = document.createElement("div");
    box.id = "sc-preview-problems";
    box.setAttribute("role", "alert");
    box.lang = labels.lang || "en";
    box.dir = labels.dir || "ltr";
    Object.assign(box.style, {
      position: "fixed", insetInline: "0", bottom: "0", zIndex: "10", maxHeight: "40vh",
      overflow: "auto", margin: "0", padding: "0.75rem 1rem", font: "0.8rem/1.4 monospace",
      background: "#fff4f4", color: "#5c0000", borderTop: "3px solid #b00020",
      whiteSpace: "pre-wrap",
    });
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = labels.close || "Close";
    close.addEventListener("click", () => box.remove());
    const heading = document.createElement("p");
    heading.className = "sc-preview-heading";
    heading.textContent = labels.problems || "";
    const list = document.createElement("ul");
    list.lang = "en";
    list.dir = "ltr";
    for (const problem of problems) {
      const item = document.createElement("li");
      item.textContent = problem;
      list.append(item);
    }
    box.append(close, heading, list);
    document.body.append(box);
  };

  const wait = async () => {
    for (;;) {
      try {
        const answer = await fetch(`/_preview/wait?since=${since}&lang=${encodeURIComponent(lang)}&path=${path}`, { cache: "no-store" });
        const state = await answer.json();
        if (state.version > since) {
          since = state.version;
          if (state.reload && !state.problems.some((p) => p.startsWith("ERROR"))) {
            location.reload();
            return;
          }
          // The last good page, or one the save did not change: say what was found.
          show(state.problems, state.labels);
        }
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000));  // server restarting
      }
    }
  };

  fetch(`/_preview/wait?since=-1&lang=${encodeURIComponent(lang)}`, { cache: "no-store" })
    .then((answer) => answer.json())
    .then((state) => show(state.problems, state.labels))
    .catch(() => {});
  wait();
})();
