// The view's state lives in the page URL, so that a map can be shared and reopened
// identically: focus, filters, layout, as-of date, overlay, chain, expanded nodes.
//
//   /map?focus=la/380&layout=layered&depth=2&kinds=scrutinises,reportsTo&min=termly
//       &bodies=council,board&as_of=2017-06-27&gaps=high&from=…&to=…&expand=…&include=…

export const DEFAULTS = Object.freeze({
  focus: null,
  layout: "layered",
  depth: 2,
  limit: 60,
  kinds: null, // null: every kind; [] : none (structural links only)
  structural: true,
  minFrequency: null,
  bodyKinds: null, // null: every kind of body
  asOf: null,
  gaps: "off",
  pathFrom: null,
  pathTo: null,
  expand: [],
  include: [],
  selected: null,
  large: false,
});

const LAYOUTS = new Set(["layered", "concentric"]);
const SEVERITIES = new Set(["off", "high", "medium", "low"]);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function list(value) {
  if (value === null) return null;
  return value.split(",").map((v) => v.trim()).filter(Boolean);
}

function int(value, fallback, min, max) {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
}

export function parseState(search) {
  const q = new URLSearchParams(search);
  const state = { ...DEFAULTS, expand: [], include: [] };
  state.focus = q.get("focus") || null;
  state.layout = LAYOUTS.has(q.get("layout")) ? q.get("layout") : DEFAULTS.layout;
  state.depth = int(q.get("depth"), DEFAULTS.depth, 0, 4);
  state.limit = int(q.get("limit"), DEFAULTS.limit, 1, 500);
  const kinds = q.get("kinds");
  state.kinds = kinds === null ? null : kinds === "none" ? [] : list(kinds);
  state.structural = q.get("structural") !== "0";
  state.minFrequency = q.get("min") || null;
  state.bodyKinds = list(q.get("bodies"));
  const asOf = q.get("as_of");
  state.asOf = asOf && DATE.test(asOf) ? asOf : null;
  state.gaps = SEVERITIES.has(q.get("gaps")) ? q.get("gaps") : DEFAULTS.gaps;
  state.pathFrom = q.get("from") || null;
  state.pathTo = q.get("to") || null;
  state.expand = list(q.get("expand")) || [];
  state.include = list(q.get("include")) || [];
  state.selected = q.get("selected") || null;
  state.large = q.get("large") === "1";
  return state;
}

export function serialiseState(state) {
  const q = new URLSearchParams();
  if (state.focus) q.set("focus", state.focus);
  if (state.layout !== DEFAULTS.layout) q.set("layout", state.layout);
  if (state.depth !== DEFAULTS.depth) q.set("depth", String(state.depth));
  if (state.limit !== DEFAULTS.limit) q.set("limit", String(state.limit));
  if (state.kinds) q.set("kinds", state.kinds.length ? state.kinds.join(",") : "none");
  if (!state.structural) q.set("structural", "0");
  if (state.minFrequency) q.set("min", state.minFrequency);
  if (state.bodyKinds) q.set("bodies", state.bodyKinds.join(","));
  if (state.asOf) q.set("as_of", state.asOf);
  if (state.gaps !== DEFAULTS.gaps) q.set("gaps", state.gaps);
  if (state.pathFrom && state.pathTo) {
    q.set("from", state.pathFrom);
    q.set("to", state.pathTo);
  }
  if (state.expand.length) q.set("expand", state.expand.join(","));
  if (state.include.length) q.set("include", state.include.join(","));
  if (state.selected) q.set("selected", state.selected);
  if (state.large) q.set("large", "1");
  // keys keep their slashes: readable, shareable URLs
  return q.toString().replace(/%2F/g, "/").replace(/%2C/g, ",");
}

export function stateUrl(state) {
  const query = serialiseState(state);
  return `${window.location.pathname}${query ? `?${query}` : ""}`;
}
