// The public JSON API the map reads — the same endpoints applications use.
// Every call goes to this page's own origin; nothing is fetched from anywhere else.

export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

// The access token of a private service: typed by the user, kept only in this module
// (never stored, never in the URL) and sent only to this page's own origin.
let accessToken = "";

export function setToken(token) {
  accessToken = (token || "").trim();
}

export function hasToken() {
  return accessToken !== "";
}

function headers(accept) {
  const out = { Accept: accept };
  if (accessToken) out.Authorization = `Bearer ${accessToken}`;
  return out;
}

async function checked(response) {
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = body.detail ? JSON.stringify(body.detail) : JSON.stringify(body);
    } catch (_) {
      /* not JSON: keep the status text */
    }
    throw new ApiError(response.status, detail);
  }
  return response;
}

async function getJson(path, params) {
  const query = params ? `?${params.toString()}` : "";
  const response = await fetch(`${path}${query}`, { headers: headers("application/json") });
  return (await checked(response)).json();
}

// An export (GraphML or JSON) as a Blob, for a private service where a plain link
// cannot send the token.
export async function fetchExport(url) {
  return (await checked(await fetch(url, { headers: headers("*/*") }))).blob();
}

// A key such as "la/380/education-improvement-strategy-board" keeps its slashes in paths.
function keyPath(key) {
  return key.split("/").map(encodeURIComponent).join("/");
}

// The query parameters of a view (neighbourhood, timeline and export share them).
export function viewParams(state, { withAsOf = true } = {}) {
  const params = new URLSearchParams();
  params.set("depth", String(state.depth));
  params.set("limit", String(state.limit));
  if (state.kinds) state.kinds.forEach((k) => params.append("kinds", k));
  if (state.kinds && state.kinds.length === 0) params.append("kinds", "none");
  if (state.minFrequency) params.set("min_frequency", state.minFrequency);
  if (state.bodyKinds) state.bodyKinds.forEach((g) => params.append("body_kinds", g));
  if (!state.structural) params.set("structural", "false");
  if (withAsOf && state.asOf) params.set("as_of", state.asOf);
  state.expand.forEach((k) => params.append("expand", k));
  state.include.forEach((k) => params.append("include", k));
  return params;
}

export function fetchVocabulary() {
  return getJson("/api/map/vocabulary");
}

export function fetchCouncils() {
  const params = new URLSearchParams({ kind: "LocalAuthority", limit: "500" });
  return getJson("/api/bodies", params);
}

export function searchBodies(text, limit = 12) {
  const params = new URLSearchParams({ q: text, category: "any", limit: String(limit) });
  return getJson("/api/bodies", params);
}

export function fetchNeighbourhood(state) {
  return getJson(`/api/map/neighbourhood/${keyPath(state.focus)}`, viewParams(state));
}

export function fetchTimeline(state) {
  return getJson(`/api/map/timeline/${keyPath(state.focus)}`, viewParams(state, { withAsOf: false }));
}

export function exportUrl(state, format) {
  const params = viewParams(state);
  params.set("format", format);
  return `/api/map/export/${keyPath(state.focus)}?${params.toString()}`;
}

export function fetchRelationship(key) {
  return getJson(`/api/relationships/${keyPath(key)}`);
}

export function fetchBody(key, asOf) {
  const params = new URLSearchParams();
  if (asOf) params.set("as_of", asOf);
  return getJson(`/api/bodies/${keyPath(key)}`, params);
}

export function fetchPaths(state) {
  const params = new URLSearchParams({ from: state.pathFrom, to: state.pathTo, cutoff: "6" });
  if (state.asOf) params.set("as_of", state.asOf);
  if (state.minFrequency) params.set("min_frequency", state.minFrequency);
  return getJson("/api/paths", params);
}

export function fetchGaps(council, severity, asOf) {
  const params = new URLSearchParams({ severity, limit: "1000" });
  if (council) params.set("council", council);
  if (asOf) params.set("as_of", asOf);
  return getJson("/api/gaps", params);
}
