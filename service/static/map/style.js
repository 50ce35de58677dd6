// How the map looks: a shape and colours per kind of body, a colour per relationship
// kind, edge width by meetings a year, dashes for "as required" or unknown frequency,
// and the legend that explains all of it. Red is kept for the gaps overlay.

export const GROUP_STYLES = {
  council: { shape: "round-rectangle", fill: "#0b3d91", border: "#062457", text: "#ffffff", width: 150, height: 54 },
  committee: { shape: "rectangle", fill: "#d6e4ff", border: "#0b3d91", text: "#10223f", width: 130, height: 54 },
  board: { shape: "round-hexagon", fill: "#d3f0e8", border: "#0f6b57", text: "#0b2e26", width: 150, height: 60 },
  trust: { shape: "barrel", fill: "#eadcf3", border: "#5f2d7a", text: "#2c1638", width: 140, height: 54 },
  school: { shape: "round-rectangle", fill: "#e3f4e8", border: "#1e7a3f", text: "#0f3a1f", width: 125, height: 48 },
  hub: { shape: "round-pentagon", fill: "#fcebd2", border: "#9a5e0a", text: "#3d2604", width: 145, height: 62 },
  diocese: { shape: "round-tag", fill: "#f4ddd0", border: "#7a3410", text: "#341506", width: 135, height: 54 },
  regulator: { shape: "round-octagon", fill: "#26323f", border: "#0d141b", text: "#ffffff", width: 150, height: 62 },
  post: { shape: "ellipse", fill: "#fff6d6", border: "#8a6d00", text: "#332800", width: 140, height: 58 },
  person: { shape: "ellipse", fill: "#eef0f2", border: "#4d5966", text: "#1d2733", width: 110, height: 42 },
  other: { shape: "round-rectangle", fill: "#ffffff", border: "#6b7785", text: "#1d2733", width: 130, height: 50 },
};

export const KIND_COLOURS = {
  scrutinises: "#1f4e99",
  meetsWith: "#0f7d6a",
  reportsTo: "#6c2f8c",
  memberOf: "#7a6300",
  attends: "#9c4a00",
  chairs: "#44245a",
  inspects: "#11181f",
  issuesNoticeTo: "#6e3b12",
  funds: "#0b5e52",
  commissions: "#4f5d6e",
  monitors: "#2872b5",
  hasNoInfluenceOver: "#8c979f",
  declaredInterestIn: "#a07f00",
};
const STRUCTURAL_COLOUR = "#b3bcc4";
export const GAP_COLOUR = "#d4351c";
const PATH_COLOUR = "#ffbf00";
const WEAKEST_COLOUR = "#ff5fa2";

// Edge width in pixels from the meetings a year an edge guarantees (log scale).
export function edgeWidth(edge) {
  if (edge.structural) return 1.2;
  if (!edge.oversight) return 1.6;
  const perYear = edge.guaranteed_per_year || 0;
  return Math.min(12, 1.6 + 1.8 * Math.log2(1 + perYear));
}

export function displayLabel(node) {
  const more = node.hidden_neighbours > 0 ? `\n+${node.hidden_neighbours} more` : "";
  return `${node.label}${more}`;
}

// scale > 1 (large text, projectors): text grows faster than the shapes around it.
export function stylesheet({ scale = 1 } = {}) {
  const font = (n) => `${Math.round(n * scale)}px`;
  const size = 1 + (scale - 1) / 2;
  const sheet = [
    {
      selector: "node",
      style: {
        label: "data(display)",
        "text-wrap": "wrap",
        "text-valign": "center",
        "text-halign": "center",
        "font-family": "Helvetica, Arial, sans-serif",
        "font-size": font(12),
        "line-height": 1.15,
        "border-width": 2,
        "min-zoomed-font-size": 5,
      },
    },
  ];
  for (const [group, s] of Object.entries(GROUP_STYLES)) {
    sheet.push({
      selector: `node[group = "${group}"]`,
      style: {
        shape: s.shape,
        "background-color": s.fill,
        "border-color": s.border,
        color: s.text,
        width: s.width * size,
        height: s.height * size,
        "text-max-width": `${(s.width - 16) * size}px`,
      },
    });
  }
  sheet.push(
    { selector: "node.focus", style: { "border-width": 5, "font-weight": "bold" } },
    { selector: "node:selected", style: { "overlay-color": "#0b5cad", "overlay-opacity": 0.18, "overlay-padding": 6 } },
    {
      selector: "edge",
      style: {
        "curve-style": "bezier",
        width: "data(width)",
        "line-color": "data(colour)",
        "target-arrow-color": "data(colour)",
        "source-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle",
        "arrow-scale": 1.1,
        label: "data(label)",
        "font-size": font(11),
        color: "#1d2733",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.88,
        "text-background-padding": "2px",
        "text-wrap": "wrap",
        "text-max-width": `${140 * size}px`,
        "min-zoomed-font-size": 6,
      },
    },
    { selector: "edge[?dashed]", style: { "line-style": "dashed", "line-dash-pattern": [8, 5] } },
    { selector: "edge[?reversed]", style: { "target-arrow-shape": "none", "source-arrow-shape": "triangle" } },
    { selector: "edge[?mutual]", style: { "target-arrow-shape": "circle", "source-arrow-shape": "circle", "arrow-scale": 0.7 } },
    {
      selector: "edge[!oversight]",
      style: { "line-style": "dotted", "target-arrow-shape": "tee", "source-arrow-shape": "none" },
    },
    {
      selector: "edge[?structural]",
      style: {
        "line-color": STRUCTURAL_COLOUR,
        "target-arrow-color": STRUCTURAL_COLOUR,
        "target-arrow-shape": "none",
        "source-arrow-shape": "none",
        label: "",
      },
    },
    { selector: "edge:selected", style: { "overlay-color": "#0b5cad", "overlay-opacity": 0.2, "overlay-padding": 5 } },
    // the gaps overlay
    { selector: "node.gap", style: { "border-color": GAP_COLOUR, "border-width": 6, "underlay-color": GAP_COLOUR, "underlay-opacity": 0.25, "underlay-padding": 6 } },
    { selector: "edge.gap", style: { "line-color": GAP_COLOUR, "target-arrow-color": GAP_COLOUR, "source-arrow-color": GAP_COLOUR, color: GAP_COLOUR } },
    // a highlighted chain and its weakest link
    { selector: ".faded", style: { opacity: 0.28 } },
    { selector: "node.path", style: { "underlay-color": PATH_COLOUR, "underlay-opacity": 0.85, "underlay-padding": 9 } },
    { selector: "edge.path", style: { "underlay-color": PATH_COLOUR, "underlay-opacity": 0.85, "underlay-padding": 6 } },
    { selector: "edge.weakest", style: { "underlay-color": WEAKEST_COLOUR, "underlay-opacity": 0.9, "underlay-padding": 9, "font-weight": "bold" } },
  );
  return sheet;
}

export function edgeColour(edge) {
  return edge.structural ? STRUCTURAL_COLOUR : KIND_COLOURS[edge.kind] || "#4f5d6e";
}

// ---------------------------------------------------------------- legend (DOM + inline SVG)

const SVG = "http://www.w3.org/2000/svg";

function svg(width, height) {
  const el = document.createElementNS(SVG, "svg");
  el.setAttribute("width", String(width));
  el.setAttribute("height", String(height));
  el.setAttribute("aria-hidden", "true");
  return el;
}

function swatch(style) {
  const el = svg(34, 22);
  const shape = document.createElementNS(SVG, style.shape.includes("ellipse") ? "ellipse" : "rect");
  if (style.shape.includes("ellipse")) {
    Object.entries({ cx: 17, cy: 11, rx: 15, ry: 9 }).forEach(([k, v]) => shape.setAttribute(k, v));
  } else {
    const rounded = style.shape.startsWith("round") || style.shape === "barrel" ? 6 : 0;
    Object.entries({ x: 2, y: 2, width: 30, height: 18, rx: rounded }).forEach(([k, v]) => shape.setAttribute(k, v));
  }
  shape.setAttribute("fill", style.fill);
  shape.setAttribute("stroke", style.border);
  shape.setAttribute("stroke-width", "2");
  el.append(shape);
  return el;
}

function line(colour, width, dash) {
  const el = svg(46, 16);
  const l = document.createElementNS(SVG, "line");
  Object.entries({ x1: 2, y1: 8, x2: 44, y2: 8, stroke: colour, "stroke-width": width }).forEach(([k, v]) => l.setAttribute(k, v));
  if (dash) l.setAttribute("stroke-dasharray", dash);
  el.append(l);
  return el;
}

function item(graphic, text) {
  const li = document.createElement("li");
  const span = document.createElement("span");
  span.textContent = text;
  li.append(graphic, span);
  return li;
}

export function renderLegend(container, vocabulary) {
  container.replaceChildren();
  const bodies = document.createElement("ul");
  bodies.className = "legend-list";
  for (const group of vocabulary.groups) {
    bodies.append(item(swatch(GROUP_STYLES[group.name]), group.label));
  }
  const kinds = document.createElement("ul");
  kinds.className = "legend-list";
  for (const kind of vocabulary.kinds.filter((k) => !k.structural)) {
    const dash = kind.oversight ? null : "2 3";
    kinds.append(item(line(KIND_COLOURS[kind.name] || "#4f5d6e", 3, dash), kind.label));
  }
  kinds.append(item(line(STRUCTURAL_COLOUR, 1.5, null), "part of / post in (structural)"));
  const widths = document.createElement("ul");
  widths.className = "legend-list";
  for (const [perYear, text] of [[52, "weekly (52 a year)"], [6, "half-termly (6 a year)"], [3, "termly (3 a year)"], [1, "annual"]]) {
    widths.append(item(line("#1d2733", edgeWidth({ oversight: true, guaranteed_per_year: perYear }), null), text));
  }
  widths.append(item(line("#1d2733", 1.6, "8 5"), "as required or unknown (dashed)"));
  widths.append(item(line(GAP_COLOUR, 4, null), "flagged by the gaps overlay"));
  const arrows = document.createElement("p");
  arrows.className = "hint";
  arrows.textContent =
    "Arrows read like their labels: “scrutinises” points at the body scrutinised, “reports to” at the body reported to. Dots at both ends: a meeting. A bar: a statement (no influence, declared interest). In the layered layout overseers are drawn above what they oversee.";
  const h = (text) => {
    const el = document.createElement("h3");
    el.textContent = text;
    return el;
  };
  container.append(h("Kinds of body"), bodies, h("Relationships"), kinds, h("Meetings a year (line width)"), widths, arrows);
}
