// The accountability map: draws the oversight neighbourhood of a council or body from
// the public JSON API with Cytoscape.js, and keeps the whole view state in the URL.

import * as api from "./api.js";
import { Combobox } from "./combobox.js";
import { download, exportPng, exportSvg, fileStem } from "./exports.js";
import { el, renderNode, renderPaths, renderRelationship, renderStructural } from "./panel.js";
import { parseState, stateUrl } from "./state.js";
import { wrapLayers } from "./wrap.js";
import { displayLabel, edgeColour, edgeWidth, renderLegend, stylesheet } from "./style.js";

const cytoscape = window.cytoscape;
if (window.cytoscapeDagre && !cytoscape("layout", "dagre")) cytoscape.use(window.cytoscapeDagre);
if (window.cytoscapeSvg && !cytoscape("core", "svg")) cytoscape.use(window.cytoscapeSvg);

const $ = (id) => document.getElementById(id);
const LARGE_SCALE = 1.5;

function councilOf(key) {
  const found = /^(la\/\d{3}|council\/[^/]+)/.exec(key || "");
  return found ? found[1] : null;
}

function layoutOptions(name, focus) {
  if (name === "concentric") {
    return {
      name: "concentric",
      animate: false,
      fit: true,
      padding: 24,
      avoidOverlap: true,
      minNodeSpacing: 18,
      concentric: (node) => (node.id() === focus ? 1000 : 100 - node.data("distance")),
      levelWidth: () => 1,
    };
  }
  return {
    name: "dagre",
    rankDir: "TB",
    nodeSep: 14,
    rankSep: 60,
    edgeSep: 8,
    edgeWeight: (edge) => (edge.data("structural") ? 1 : 2),
    animate: false,
    fit: true,
    padding: 24,
  };
}

// Rings of wide nodes fit a wide screen better as ellipses: nodes on the left and right
// of a ring need less room above and below each other than side by side.
function squashRings(cy, focus) {
  const centre = cy.getElementById(focus);
  if (centre.empty()) return;
  const y0 = centre.position("y");
  cy.nodes().positions((node) => ({ x: node.position("x"), y: y0 + (node.position("y") - y0) * 0.55 }));
}

class MapApp {
  constructor() {
    this.state = parseState(window.location.search);
    this.vocabulary = null;
    this.view = null;
    this.timeline = null;
    this.timelineKey = null;
    this.nodeGaps = new Map();
    this.edgeGaps = new Map();
    this.paths = null;
    this.renders = 0;
    this.lastRender = null;
    this.pending = null;
    this.cy = cytoscape({
      container: $("cy"),
      style: stylesheet({ scale: this.state.large ? LARGE_SCALE : 1 }),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    window.oversightMap = this;
  }

  // ------------------------------------------------------------------ start-up

  async start() {
    this.bindCanvas();
    this.bindControls();
    await this.loadBasics();
  }

  // The vocabulary and the councils; again after a token is given on a private service.
  async loadBasics() {
    try {
      const [vocabulary, councils] = await Promise.all([api.fetchVocabulary(), api.fetchCouncils()]);
      this.vocabulary = vocabulary;
      this.buildFilters(vocabulary);
      renderLegend($("legend"), vocabulary);
      for (const council of councils.items) {
        $("council").append(el("option", { value: council.id, text: council.label }));
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.syncControls();
    window.addEventListener("popstate", () => {
      this.state = parseState(window.location.search);
      this.syncControls();
      this.render();
    });
    if (this.state.focus) await this.render();
    else this.ready();
  }

  buildFilters(vocabulary) {
    const kinds = $("kind-filters");
    for (const kind of vocabulary.kinds.filter((k) => !k.structural)) {
      const box = el("input", { type: "checkbox", name: "kind", value: kind.name, checked: true });
      kinds.append(el("label", {}, box, ` ${kind.label}`));
    }
    kinds.addEventListener("change", () => {
      const all = [...kinds.querySelectorAll("input")];
      const on = all.filter((b) => b.checked).map((b) => b.value);
      this.update({ kinds: on.length === all.length ? null : on });
    });
    const groups = $("group-filters");
    for (const group of vocabulary.groups) {
      const box = el("input", { type: "checkbox", name: "group", value: group.name, checked: true });
      groups.append(el("label", {}, box, ` ${group.label}`));
    }
    groups.addEventListener("change", () => {
      const all = [...groups.querySelectorAll("input")];
      const on = all.filter((b) => b.checked).map((b) => b.value);
      this.update({ bodyKinds: on.length === all.length ? null : on });
    });
    const minimum = $("min-frequency");
    const guaranteed = vocabulary.frequencies.filter((f) => f.per_year);
    guaranteed.sort((a, b) => a.per_year - b.per_year);
    for (const f of guaranteed) {
      minimum.append(el("option", { value: f.name, text: `${f.label} (${f.per_year} a year)` }));
    }
  }

  bindControls() {
    const search = new Combobox($("search"), $("search-options"), (t) => this.suggest(t), (item) => this.setFocus(item.id));
    $("search-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const chosen = search.value();
      if (chosen) return this.setFocus(chosen.id);
      const text = $("search").value.trim();
      if (!text) return;
      const found = await api.searchBodies(text, 1);
      if (found.items.length) {
        search.set(found.items[0]);
        this.setFocus(found.items[0].id);
      } else {
        this.setStatus(`No body is called “${text}”.`);
      }
    });
    $("council").addEventListener("change", (e) => e.target.value && this.setFocus(e.target.value));
    this.pathFrom = new Combobox($("path-from"), $("path-from-options"), (t) => this.suggest(t), () => {});
    this.pathTo = new Combobox($("path-to"), $("path-to-options"), (t) => this.suggest(t), () => {});
    $("path-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const a = this.pathFrom.value();
      const b = this.pathTo.value();
      if (!a || !b) {
        this.setStatus("Choose both bodies from the suggestions to highlight the chains between them.");
        return;
      }
      this.update({ pathFrom: a.id, pathTo: b.id, selected: null });
    });
    $("path-clear").addEventListener("click", () => {
      this.pathFrom.set(null);
      this.pathTo.set(null);
      this.update({ pathFrom: null, pathTo: null, include: [] });
    });
    for (const radio of document.querySelectorAll("input[name=layout]")) {
      radio.addEventListener("change", () => {
        this.state.layout = radio.value;
        this.pushUrl();
        this.layout();
      });
    }
    $("depth").addEventListener("change", (e) => this.update({ depth: Number(e.target.value), limit: 60 }));
    $("show-more").addEventListener("click", () => this.view && this.update({ limit: this.view.next_limit }));
    $("reset-expand").addEventListener("click", () => this.update({ expand: [], include: [], limit: 60 }));
    $("fit").addEventListener("click", () => this.cy.fit(undefined, 24));
    $("panel-close").addEventListener("click", () => this.closePanel());
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !$("panel").hidden && !event.target.closest(".combobox")) this.closePanel();
    });
    $("structural").addEventListener("change", (e) => this.update({ structural: e.target.checked }));
    $("min-frequency").addEventListener("change", (e) => this.update({ minFrequency: e.target.value || null }));
    $("gaps").addEventListener("change", (e) => this.update({ gaps: e.target.value }));
    let timer = null;
    $("as-of-slider").addEventListener("input", (e) => {
      const stops = this.timeline ? this.timeline.stops : [];
      const i = Number(e.target.value);
      const day = i > 0 && stops[i - 1] ? stops[i - 1].date : null;
      this.showAsOf(day);
      clearTimeout(timer);
      timer = setTimeout(() => this.update({ asOf: day }), 120);
    });
    $("as-of-date").addEventListener("change", (e) => this.update({ asOf: e.target.value || null }));
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      api.setToken($("access-token").value);
      if (!api.hasToken()) return;
      this.setStatus("Token set.");
      if (this.vocabulary) this.render();
      else this.loadBasics();
    });
    for (const id of ["export-graphml", "export-json"]) {
      $(id).addEventListener("click", (event) => this.exportData(event, $(id)));
    }
    $("export-png").addEventListener("click", () => this.exportPicture("png"));
    $("export-svg").addEventListener("click", () => this.exportPicture("svg"));
    $("copy-link").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(window.location.href);
        this.setStatus("Link to this view copied.");
      } catch (_) {
        this.setStatus(`Link to this view: ${window.location.href}`);
      }
    });
    $("large-text").addEventListener("change", (e) => {
      this.state.large = e.target.checked;
      this.applyScale();
      this.pushUrl();
      this.layout();
    });
  }

  bindCanvas() {
    const cy = this.cy;
    cy.on("tap", "node", (event) => this.nodeClicked(event.target));
    cy.on("tap", "edge", (event) => this.selectEdge(event.target.id()));
    const tip = $("tooltip");
    cy.on("mouseover", "node.gap, edge.gap", (event) => {
      const gaps = this.gapsOf(event.target);
      if (!gaps.length) return;
      tip.replaceChildren(...gaps.slice(0, 4).map((g) => el("p", {}, el("strong", { text: `${g.severity}: ` }), g.title)));
      const pos = event.renderedPosition || event.target.renderedMidpoint();
      tip.style.left = `${pos.x + 14}px`;
      tip.style.top = `${pos.y + 14}px`;
      tip.hidden = false;
    });
    cy.on("mouseout", "node, edge", () => {
      tip.hidden = true;
    });
  }

  suggest(text) {
    return api.searchBodies(text).then((page) =>
      page.items.map((b) => ({ id: b.id, label: b.label, kind: b.kind, council: b.council })),
    );
  }

  // ------------------------------------------------------------------ state

  update(changes) {
    Object.assign(this.state, changes);
    this.pushUrl();
    return this.render();
  }

  setFocus(key) {
    Object.assign(this.state, { focus: key, expand: [], include: [], selected: null, limit: 60 });
    this.pushUrl(true);
    return this.render();
  }

  pushUrl(newEntry = false) {
    const url = stateUrl(this.state);
    if (url === `${window.location.pathname}${window.location.search}`) return;
    if (newEntry) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  syncControls() {
    const s = this.state;
    for (const radio of document.querySelectorAll("input[name=layout]")) radio.checked = radio.value === s.layout;
    $("depth").value = String(s.depth);
    $("structural").checked = s.structural;
    $("min-frequency").value = s.minFrequency || "";
    $("gaps").value = s.gaps;
    $("large-text").checked = s.large;
    for (const box of document.querySelectorAll("#kind-filters input")) box.checked = !s.kinds || s.kinds.includes(box.value);
    for (const box of document.querySelectorAll("#group-filters input")) box.checked = !s.bodyKinds || s.bodyKinds.includes(box.value);
    $("as-of-date").value = s.asOf || "";
    this.showAsOf(s.asOf);
    this.applyScale(false);
  }

  applyScale(restyle = true) {
    document.body.classList.toggle("large-text", this.state.large);
    if (restyle) this.cy.style(stylesheet({ scale: this.state.large ? LARGE_SCALE : 1 }));
  }

  showAsOf(day) {
    $("as-of-label").textContent = day ? `As of ${day}` : "All dates";
  }

  // ------------------------------------------------------------------ drawing

  timelineKeyOf() {
    const { asOf, selected, layout, gaps, large, pathFrom, pathTo, ...rest } = this.state;
    return JSON.stringify(rest);
  }

  async render() {
    const ticket = {};
    this.pending = ticket;
    const s = this.state;
    if (!s.focus) return;
    document.body.dataset.state = "loading";
    this.setStatus("Loading the map…");
    const started = performance.now();
    let apiMs = 0;
    try {
      const wantTimeline = this.timelineKeyOf() !== this.timelineKey;
      const key = this.timelineKeyOf();
      const [view, timeline, gaps, paths] = await Promise.all([
        api.fetchNeighbourhood(s),
        wantTimeline ? api.fetchTimeline(s) : Promise.resolve(this.timeline),
        s.gaps !== "off" ? api.fetchGaps(councilOf(s.focus), s.gaps, s.asOf) : Promise.resolve(null),
        s.pathFrom && s.pathTo ? api.fetchPaths(s).catch((error) => ({ error })) : Promise.resolve(null),
      ]);
      let current = view;
      const missing = this.pathBodiesMissing(paths, current);
      if (missing.length) {
        // a chain's bodies join the view (and the URL), so the chain can be drawn
        this.state.include = [...new Set([...s.include, ...missing])];
        this.pushUrl();
        current = await api.fetchNeighbourhood(this.state);
      }
      apiMs = performance.now() - started;
      if (this.pending !== ticket) return;
      this.timeline = timeline;
      this.timelineKey = key;
      this.view = current;
      this.paths = paths;
      this.indexGaps(gaps);
      const drawStarted = performance.now();
      this.draw(current);
      const drawn = performance.now();
      this.lastRender = {
        focus: s.focus,
        api_ms: apiMs,
        draw_ms: drawn - drawStarted,
        total_ms: drawn - started,
        nodes: current.nodes.length,
        edges: current.edges.length,
      };
      this.afterDraw();
      this.renders += 1;
      this.ready();
    } catch (error) {
      if (this.pending === ticket) this.fail(error);
    }
  }

  pathBodiesMissing(paths, view) {
    if (!paths || paths.error || !paths.chains) return [];
    const shown = new Set(view.nodes.map((n) => n.id));
    const wanted = new Set();
    for (const chain of paths.chains) chain.bodies.forEach((b) => wanted.add(b.id));
    return [...wanted].filter((id) => !shown.has(id));
  }

  draw(view) {
    const cy = this.cy;
    const elements = [];
    for (const node of view.nodes) {
      elements.push({ group: "nodes", data: { ...node, display: displayLabel(node) } });
    }
    for (const edge of view.edges) {
      elements.push({
        group: "edges",
        data: { ...edge, width: edgeWidth(edge), colour: edgeColour(edge) },
      });
    }
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
      cy.getElementById(view.focus.id).addClass("focus");
      this.markGaps();
      this.markPaths();
    });
    this.layout();
  }

  layout() {
    const cy = this.cy;
    if (!cy.elements().length) return;
    // overseers above what they oversee: meetings and statements do not set the layers
    const sideways = this.state.layout === "layered" ? cy.edges("[?mutual], [!oversight]") : cy.collection();
    cy.elements().difference(sideways).layout(layoutOptions(this.state.layout, this.state.focus)).run();
    if (this.state.layout === "layered") wrapLayers(cy.nodes(), { width: cy.width(), height: cy.height() });
    else squashRings(cy, this.state.focus);
    cy.fit(undefined, 24);
  }

  // ------------------------------------------------------------------ overlays

  indexGaps(result) {
    this.nodeGaps = new Map();
    this.edgeGaps = new Map();
    this.gapResult = result;
    if (!result) return;
    for (const gap of result.items) {
      for (const body of gap.bodies) {
        if (!this.nodeGaps.has(body.id)) this.nodeGaps.set(body.id, []);
        this.nodeGaps.get(body.id).push(gap);
      }
      for (const rel of gap.relationships) {
        if (!this.edgeGaps.has(rel)) this.edgeGaps.set(rel, []);
        this.edgeGaps.get(rel).push(gap);
      }
    }
  }

  gapsOf(element) {
    if (element.isNode()) return this.nodeGaps.get(element.id()) || [];
    return this.edgeGaps.get(element.data("relationship")) || [];
  }

  markGaps() {
    this.cy.elements().forEach((ele) => {
      ele.toggleClass("gap", this.gapsOf(ele).length > 0);
    });
  }

  edgeFor(step) {
    const key = step.relationship || step.kind;
    for (const id of [`${key}|${step.overseer}|${step.overseen}`, `${key}|${step.overseen}|${step.overseer}`]) {
      const edge = this.cy.getElementById(id);
      if (edge.nonempty()) return edge;
    }
    return null;
  }

  markPaths() {
    const cy = this.cy;
    cy.elements().removeClass("path weakest faded");
    const paths = this.paths;
    if (!paths || paths.error || !paths.chains || !paths.chains.length) return;
    for (const chain of paths.chains) {
      chain.bodies.forEach((b) => cy.getElementById(b.id).addClass("path"));
      chain.steps.forEach((step) => {
        const edge = this.edgeFor(step);
        if (edge) edge.addClass("path");
      });
    }
    const weakest = paths.weakest_link && paths.weakest_link.step;
    if (weakest) {
      const edge = this.edgeFor(weakest);
      if (edge) edge.addClass("weakest");
    }
    cy.elements().not(".path").addClass("faded");
  }

  afterDraw() {
    const s = this.state;
    const view = this.view;
    document.title = `${view.focus.label} — Accountability map`;
    $("cy").setAttribute(
      "aria-label",
      `Accountability map of ${view.focus.label}: ${view.nodes.length} bodies and ${view.edges.length} relationships (listed below the map)`,
    );
    $("council").value = view.focus.category === "body" && view.focus.kind === "LocalAuthority" ? view.focus.id : "";
    $("show-more").hidden = !view.truncated;
    const hiddenCount = `${view.total_exact ? "" : "at least "}${view.total - view.nodes.length}`;
    if (view.truncated) $("show-more").textContent = `Show more (${hiddenCount} not shown)`;
    $("reset-expand").hidden = !(s.expand.length || s.include.length);
    $("export-graphml").href = api.exportUrl(s, "graphml");
    $("export-graphml").download = `${fileStem(s.focus)}.graphml`;
    $("export-json").href = api.exportUrl(s, "json");
    $("export-json").download = `${fileStem(s.focus)}.json`;
    this.updateTimeline();
    this.updateLists();
    this.updateGapSummary();
    const of = `${view.total_exact ? "" : "at least "}${view.total}`;
    const shown = view.truncated ? ` (showing ${view.nodes.length} of ${of}: “Show more” adds more)` : "";
    const asOf = s.asOf ? ` as of ${s.asOf}` : "";
    this.setStatus(`${view.focus.label}${asOf}: ${view.nodes.length} bodies, posts and people and ${view.edges.length} relationships${shown}.`);
    if (this.paths) this.showPaths();
    else $("path-result").replaceChildren();
    if (s.selected) {
      const ele = this.cy.getElementById(s.selected);
      if (ele.nonempty() && ele.isEdge()) this.selectEdge(s.selected, false);
      else if (ele.nonempty()) this.selectNode(s.selected, false);
    }
  }

  updateTimeline() {
    const slider = $("as-of-slider");
    const stops = this.timeline ? this.timeline.stops : [];
    slider.max = String(stops.length);
    slider.disabled = stops.length === 0;
    const i = this.state.asOf ? stops.findIndex((stop) => stop.date === this.state.asOf) : -1;
    slider.value = String(i + 1);
    slider.setAttribute("aria-valuetext", this.state.asOf ? `as of ${this.state.asOf}` : "all dates");
    const help = $("as-of-help");
    help.textContent = stops.length
      ? `${stops.length} dates at which this view changes, from ${stops[0].date} to ${stops[stops.length - 1].date}; far left: all dates.`
      : "No body or relationship in this view has validity dates; pick any date below.";
    this.showAsOf(this.state.asOf);
    $("as-of-date").value = this.state.asOf || "";
  }

  updateLists() {
    const nodes = $("node-list");
    nodes.replaceChildren(
      ...this.view.nodes.map((n) =>
        el("li", {}, el("button", { type: "button", "data-id": n.id, onclick: () => this.selectNode(n.id), text: n.hidden_neighbours ? `${n.label} (+${n.hidden_neighbours})` : n.label })),
      ),
    );
    const label = (id) => this.cy.getElementById(id).data("label") || id;
    const edges = $("edge-list");
    edges.replaceChildren(
      ...this.view.edges.map((e) =>
        el("li", {}, el("button", { type: "button", "data-id": e.id, onclick: () => this.selectEdge(e.id), text: `${label(e.source)} — ${e.label} — ${label(e.target)}` })),
      ),
    );
  }

  updateGapSummary() {
    const summary = $("gap-summary");
    if (!this.gapResult) {
      summary.textContent = "";
      return;
    }
    const nodes = this.cy.nodes(".gap").length;
    const edges = this.cy.edges(".gap").length;
    summary.textContent = `${this.gapResult.total} gaps found; ${nodes} bodies and ${edges} relationships marked in this view. Hover or click one for the reason.`;
  }

  showPaths() {
    const target = $("path-result");
    if (this.paths.error) {
      target.replaceChildren(el("p", { text: `No chains: ${this.paths.error.detail || this.paths.error.message}` }));
      return;
    }
    const labelOf = (id) => {
      const node = this.cy.getElementById(id);
      return node.nonempty() ? node.data("label") : id;
    };
    renderPaths(target, this.paths, labelOf, this.words());
    if (this.paths.from) this.pathFrom.set({ id: this.paths.from.id, label: this.paths.from.label });
    if (this.paths.to) this.pathTo.set({ id: this.paths.to.id, label: this.paths.to.label });
  }

  // Labels of kinds and frequencies, from the API's vocabulary.
  words() {
    const kinds = new Map(this.vocabulary.kinds.map((k) => [k.name, k.label]));
    const frequencies = new Map(this.vocabulary.frequencies.map((f) => [f.name, f.label]));
    const groups = new Map(this.vocabulary.groups.map((g) => [g.name, g.label]));
    return {
      group: (name) => groups.get(name) || name,
      kind: (name) => kinds.get(name) || name,
      frequency: (name) => frequencies.get(name) || name,
    };
  }

  // ------------------------------------------------------------------ clicks

  nodeClicked(node) {
    if (node.data("hidden_neighbours") > 0) {
      // a click expands: its neighbours join the view (the URL remembers it)
      this.state.selected = node.id();
      this.update({ expand: [...new Set([...this.state.expand, node.id()])] });
      return;
    }
    this.selectNode(node.id());
  }

  async selectNode(id, remember = true) {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    this.cy.elements().unselect();
    node.select();
    if (remember) {
      this.state.selected = id;
      this.pushUrl();
    }
    const data = node.data();
    const actions = {
      expand: () => this.update({ expand: [...new Set([...this.state.expand, id])], selected: id }),
      focus: () => this.setFocus(id),
      pathFrom: () => this.pathFrom.set({ id, label: data.label }),
      pathTo: () => this.pathTo.set({ id, label: data.label }),
    };
    const panel = this.openPanel();
    renderNode(panel, data, null, this.gapsOf(node), actions, this.words());
    try {
      const detail = await api.fetchBody(id, this.state.asOf);
      if (this.state.selected === id || !remember) renderNode(panel, data, detail, this.gapsOf(node), actions, this.words());
    } catch (_) {
      /* the summary from the map is shown */
    }
  }

  async selectEdge(id, remember = true) {
    const edge = this.cy.getElementById(id);
    if (edge.empty()) return;
    this.cy.elements().unselect();
    edge.select();
    if (remember) {
      this.state.selected = id;
      this.pushUrl();
    }
    const data = edge.data();
    const panel = this.openPanel();
    if (!data.relationship) {
      const label = (n) => this.cy.getElementById(n).data("label");
      renderStructural(panel, data, label(data.source), label(data.target));
      return;
    }
    panel.replaceChildren(el("p", { text: "Loading the evidence…" }));
    try {
      const rel = await api.fetchRelationship(data.relationship);
      if (this.state.selected !== id && remember) return;
      renderRelationship(panel, rel, data, this.gapsOf(edge));
      document.body.dataset.panel = id;
    } catch (error) {
      panel.replaceChildren(el("p", { text: `Could not load the relationship: ${error.message}` }));
    }
  }

  openPanel() {
    const panel = $("panel");
    panel.hidden = false;
    // keyboard users who chose from a list continue in the panel
    if (document.activeElement && document.activeElement.closest(".in-view")) panel.focus();
    return $("panel-body");
  }

  closePanel() {
    $("panel").hidden = true;
    this.cy.elements().unselect();
    this.state.selected = null;
    this.pushUrl();
  }

  // ------------------------------------------------------------------ exports, status

  exportPicture(kind) {
    if (!this.cy.elements().length) return;
    const size = kind === "png" ? exportPng(this.cy, this.state.focus) : exportSvg(this.cy, this.state.focus);
    this.setStatus(`Exported the view as ${kind.toUpperCase()} (${Math.round(size / 1024)} kB).`);
  }

  // GraphML and JSON are plain download links, except on a private service: a link
  // cannot send the token, so the file is fetched with it and saved from memory.
  async exportData(event, link) {
    if (!api.hasToken()) return;
    event.preventDefault();
    try {
      const blob = await api.fetchExport(link.href);
      download(blob, link.download);
      this.setStatus(`Exported the view as ${link.textContent.trim()} (${Math.round(blob.size / 1024)} kB).`);
    } catch (error) {
      this.fail(error);
    }
  }

  setStatus(text) {
    $("status").textContent = text;
  }

  ready() {
    document.body.dataset.state = "ready";
    document.body.dataset.renders = String(this.renders);
  }

  fail(error) {
    console.error(error);
    if (error instanceof api.ApiError && error.status === 401) {
      document.body.dataset.state = "token";
      $("token-form").hidden = false;
      this.setStatus(
        api.hasToken()
          ? "The service did not accept this access token: check it and try again."
          : "This service is private: enter your access token above to see the map.",
      );
      $("access-token").focus();
      return;
    }
    document.body.dataset.state = "error";
    const detail = error instanceof api.ApiError ? `${error.status} — ${error.detail}` : String(error);
    this.setStatus(`The map could not be drawn: ${detail}`);
  }

  // For tests and the benchmark: draw a focus and resolve when it is on screen.
  async show(focus) {
    await this.setFocus(focus);
    return this.lastRender;
  }
}

const app = new MapApp();
app.start();
