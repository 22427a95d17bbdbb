// The classroom's one script: it sends what people click to the server and draws the live board.
// The server decides everything (roles, powers, rules); this only shows what it says.
"use strict";
const Classroom = (() => {
  const $ = (selector, root = document) => root.querySelector(selector);

  // Build elements without innerHTML: names come from students and are shown as text only.
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      if (key === "class") node.className = value; else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat(Infinity)) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    return node;
  }

  async function api(path, data) {
    const options = data === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) };
    const response = await fetch(path, options);
    let body;
    try { body = await response.json(); } catch (e) { body = { ok: false, error: `the server answered ${response.status}` }; }
    if (!response.ok && body.ok === undefined) body.ok = false;
    body.status = response.status;
    return body;
  }

  function say(result) {
    const box = $("#result");
    box.className = result.ok ? "ok" : (result.outcome ? "refused" : "error");
    box.textContent = result.ok ? (result.message || "done") : (result.message || result.error);
  }

  // --- the board ------------------------------------------------------------------------------
  let latest = null;
  const onBoard = [];

  function follow() {
    const source = new EventSource("/api/events");
    source.addEventListener("board", (event) => {
      latest = JSON.parse(event.data);
      draw(latest);
      onBoard.forEach((f) => f(latest));
    });
  }

  function table(headers, rows, numeric = []) {
    return el("table", {}, el("tr", {}, headers.map((h, i) => el("th", { class: numeric.includes(i) ? "num" : null }, h))),
      rows.map((row) => el("tr", {}, row.map((cell, i) => cell instanceof Node && cell.tagName === "TD" ? cell : el("td", { class: numeric.includes(i) ? "num" : null }, cell)))));
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of children.flat(Infinity)) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  // Coins held by each role, as horizontal bars.
  function roleChart(byRole, labels) {
    const entries = Object.entries(byRole);
    const most = Math.max(1, ...entries.map(([, v]) => v));
    const height = 22 * entries.length + 10;
    return svg("svg", { width: "100%", viewBox: `0 0 420 ${height}`, role: "img", "aria-label": "coins held by role" },
      entries.map(([role, value], i) => [
        svg("text", { x: 0, y: 22 * i + 16 }, role.replace("_", " ")),
        svg("rect", { x: 100, y: 22 * i + 4, width: Math.max(1, 230 * value / most), height: 16, fill: "#2459a6" }),
        svg("text", { x: 104 + 230 * value / most, y: 22 * i + 16 }, labels[role]),
      ]));
  }

  // Value frozen, and stolen value not returned, after each step of the class.
  function seriesChart(series) {
    const keys = [["frozen", "#2a7fb8", "frozen now"], ["unreturned", "#b3261e", "stolen, not returned"]];
    const n = Math.max(1, ...keys.map(([k]) => series[k].length));
    const most = Math.max(1, ...keys.flatMap(([k]) => series[k]));
    const x = (i) => 40 + 370 * (n === 1 ? 0 : i / (n - 1));
    const y = (v) => 130 - 110 * v / most;
    return svg("svg", { width: "100%", viewBox: "0 0 420 160", role: "img", "aria-label": "frozen and stolen value over the class" },
      svg("line", { x1: 40, y1: 130, x2: 410, y2: 130, stroke: "#999" }),
      svg("text", { x: 40, y: 148 }, "step 1"), svg("text", { x: 360, y: 148 }, `step ${n}`),
      svg("text", { x: 0, y: 24 }, (most / 1e6).toLocaleString()),
      keys.map(([k, colour, label], j) => [
        svg("polyline", { fill: "none", stroke: colour, "stroke-width": 2, points: series[k].map((v, i) => `${x(i)},${y(v)}`).join(" ") }),
        svg("text", { x: 60 + 170 * j, y: 12, fill: colour }, label),
      ]));
  }

  function metricsTable(metrics) {
    return table(["metric", "value"], metrics.map((m) => [el("td", { title: m.definition }, m.header), m.text]), [1]);
  }

  function draw(board) {
    const root = $("#board");
    if (!root) return;
    const coin = $("#coin");
    if (coin) coin.textContent = `${board.coin.name} (${board.coin.symbol}) ${board.setting} · chain time ${board.coin.time}` +
      (board.coin.paused ? " · PAUSED" : "") + (board.coin.licensed ? "" : " · licence revoked");
    const people = board.participants;
    const ledger = table(["name", "role", `balance (${board.coin.symbol})`, "frozen"],
      [...people].sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name)).map((p) =>
        [p.name, p.role.replace("_", " "), p.balance, el("td", { class: p.frozen ? "frozen" : null }, p.frozen ? `frozen ${p.open_ended ? "until lifted" : "until " + p.until}` : "")]), [2]);
    const frozen = people.filter((p) => p.frozen);
    const steps = board.timeline.map((s) => [String(s.seq), s.who + (s.role ? ` (${s.role.replace("_", " ")})` : ""), s.action || s.kind,
      el("td", { class: s.outcome === "ok" ? "ok" : "refused" }, s.outcome), el("td", {}, s.message, s.chain.map((c) => el("div", { class: "muted" }, `block ${c.block} ${c.actor} ${c.action} ${c.details}`)))]);
    const sections = [
      el("section", { id: "ledger" }, el("h2", {}, "Ledger by role"), ledger,
        el("p", { class: "muted" }, `supply ${board.coin.supply} · attested reserves ${board.coin.reserves} · reserve account ${board.coin.bank} HKD`)),
      el("section", { id: "charts" }, el("h2", {}, "Coins by role"), roleChart(board.by_role_base, board.by_role),
        el("h2", {}, "Frozen and stolen, step by step"), seriesChart(board.series)),
      el("section", { id: "frozen" }, el("h2", {}, "Who is frozen"),
        frozen.length ? el("ul", {}, frozen.map((p) => el("li", { class: "frozen" }, `${p.name}: ${p.open_ended ? "until lifted" : "until " + p.until + " UTC"}`))) : el("p", { class: "muted" }, "nobody")),
      el("section", { id: "metrics" }, el("h2", {}, `This class so far (${board.regime})`), metricsTable(board.metrics)),
    ];
    if (board.comparison) {
      const [a, b] = board.comparison.sides;
      sections.push(el("section", { id: "comparison", class: "wide" }, el("h2", {}, `The same ${board.comparison.steps} steps, played twice`),
        el("div", { class: "side-by-side" }, [a, b].map((side) => el("div", { "data-regime": side.regime }, el("h3", {}, side.regime), el("p", {}, side.summary),
          side.skipped.length ? el("p", { class: "muted" }, `Not possible here: ${side.skipped.join("; ")}`) : null))),
        table(["metric", a.regime, b.regime], a.metrics.map((m, i) => [el("td", { title: m.definition }, m.header), m.text, b.metrics[i].text]), [1, 2])));
    }
    sections.push(el("section", { id: "timeline", class: "wide" }, el("h2", {}, "Timeline (newest first)"), table(["#", "who", "action", "outcome", "what happened"], steps)));
    root.replaceChildren(el("main", { style: "padding:0" }, sections));
    root.dataset.seq = board.seq;
  }

  // --- forms ----------------------------------------------------------------------------------
  function input(field, names) {
    if (field.kind === "participant") return el("select", { name: field.name, class: "who" }, names.map((n) => el("option", { value: n }, n)));
    if (field.kind === "amount") return el("input", { name: field.name, inputmode: "decimal", size: 8, placeholder: "coins" });
    if (field.kind === "hours" || field.kind === "percent") return el("input", { name: field.name, inputmode: "numeric", size: 5 });
    return el("input", { name: field.name, size: 14, maxlength: 31, placeholder: field.kind === "case" ? "e.g. HK-2026-001" : "" });
  }

  function actionForm(spec, names, send) {
    const power = spec.power ? `power ${spec.power}: held by ${spec.holder}` : "";
    // A power the coin lacks stays listed, with what lacking it means, so the class sees what it cannot do here.
    const form = el("form", { class: "action" + (spec.lacking ? " lacking" : ""), "data-action": spec.key },
      el("span", { class: "title" }, spec.label, el("span", { class: "muted" }, ` · ${spec.explain}${power ? " · " + power : ""}`)),
      spec.fields.map((f) => el("label", { title: f.lacking || null }, f.label + (f.lacking ? " (not recorded here)" : ""), input(f, names))),
      el("button", { type: "submit" }, spec.label));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const args = {};
      for (const f of spec.fields) { const value = form.elements[f.name].value; if (value !== "" || !f.optional) args[f.name] = value; }
      say(await send(spec.key, args));
    });
    return form;
  }

  const names = () => (latest ? latest.participants.map((p) => p.name) : []);

  // Someone joined: refresh the name lists in place, keeping each choice and whatever is typed elsewhere.
  function refreshNames(root, list) {
    for (const select of root.querySelectorAll("select.who")) {
      const chosen = select.value;
      select.replaceChildren(...list.map((n) => el("option", { value: n }, n)));
      if (list.includes(chosen)) select.value = chosen;
    }
  }

  // --- pages ----------------------------------------------------------------------------------
  function joinPage() {
    const form = $("#join");
    const code = new URLSearchParams(location.search).get("code");
    if (code) form.elements.code.value = code;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = await api("/api/join", { name: form.elements.name.value, code: form.elements.code.value });
      if (result.ok || result.seq) location.href = "/play"; else say(result);
    });
  }

  async function playPage() {
    let me = await api("/api/me");
    if (me.status === 401) { location.href = "/"; return; }
    const others = () => names().filter((n) => n !== me.name);
    const render = () => {
      $("#who").textContent = `${me.name}, ${me.role_label}`;
      $("#actions").replaceChildren(...me.actions.map((spec) => actionForm(spec, others(), async (key, args) => {
        const result = await api("/api/act", { action: key, args, role: me.role });
        if (result.status === 409) { me = await api("/api/me"); render(); }
        return result;
      })));
    };
    let shownNames = "";
    onBoard.push((board) => {
      const mine = board.participants.find((p) => p.name === me.name);
      if (mine) $("#wallet").textContent = `${mine.balance} ${board.coin.symbol}` + (mine.frozen ? ` · FROZEN ${mine.open_ended ? "until lifted" : "until " + mine.until}` : "");
      if (mine && mine.role !== me.role) { api("/api/me").then((m) => { me = m; render(); }); return; }
      const now = names().join("|");
      if (now !== shownNames) { shownNames = now; refreshNames($("#actions"), others()); }
    });
    render();
    follow();
  }

  function boardPage() { follow(); }

  async function teacherPage() {
    const info = await api("/api/teacher");
    $("#code").textContent = info.code;
    $("#join-url").textContent = info.join_url;
    $("#board-url").textContent = info.board_url; $("#board-url").href = info.board_url;
    const regimes = $("#replay-regime");
    regimes.replaceChildren(...info.targets.map((t) => el("option", { value: t.value }, t.label)));
    $("#events").replaceChildren(...info.events.map((spec) => actionForm(spec, names(), (key, args) => api("/api/teacher/event", { event: key, args }))));
    const drawRoles = () => {
      $("#roles").replaceChildren(table(["name", "role"], (latest ? latest.participants : []).map((p) => [p.name,
        el("td", {}, el("select", { "data-name": p.name, onchange: async (e) => say(await api("/api/teacher/assign", { name: p.name, role: e.target.value })) },
          info.roles.map((r) => el("option", { value: r, selected: r === p.role ? "selected" : null }, r.replace("_", " ")))))])));
    };
    let shownNames = null;
    onBoard.push(() => {
      const now = latest.participants.map((p) => p.name + ":" + p.role).join("|");
      if (now !== shownNames) { shownNames = now; drawRoles(); refreshNames($("#events"), names()); }
    });
    $("#replay").addEventListener("submit", async (e) => { e.preventDefault(); 
      const target = info.targets.find((t) => t.value === regimes.value);
      say(await api("/api/teacher/replay", target.regime ? { regime: target.regime } : { coin: target.coin }));
    });
    $("#switch").addEventListener("click", async () => say(await api("/api/teacher/switch", {})));
    $("#load").addEventListener("submit", async (e) => {
      e.preventDefault();
      const file = e.target.elements.file.files[0];
      if (!file) { say({ ok: false, error: "choose a history file first" }); return; }
      const csv = file.name.toLowerCase().endsWith(".csv");
      const response = await fetch("/api/teacher/history", { method: "POST", headers: { "Content-Type": csv ? "text/csv" : "application/json" }, body: await file.text() });
      say(await response.json());
    });
    drawRoles();
    follow();
  }

  return { joinPage, playPage, boardPage, teacherPage };
})();
