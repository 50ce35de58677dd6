// The side panel: what a click on a body, a relationship or a chain shows.
// Everything is built with DOM calls and textContent (no HTML from data).

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replace the children of target, skipping absent parts (replaceChildren would print "null").
function fill(target, ...children) {
  target.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

function row(term, ...value) {
  return [el("dt", { text: term }), el("dd", {}, ...value)];
}

function perYear(value) {
  if (value === null || value === undefined) return "";
  const n = Number.isInteger(value) ? value : value.toFixed(1);
  return ` (${n} a year)`;
}

export function validity(from, until) {
  if (!from && !until) return "no dates recorded (valid at every date)";
  if (from && until) return `from ${from} to ${until}`;
  return from ? `from ${from}` : `until ${until}`;
}

function bodyNames(refs) {
  return refs.map((r) => r.label).join(", ") || "—";
}

function gapList(gaps) {
  if (!gaps || !gaps.length) return null;
  return el(
    "section",
    { class: "gaps", "aria-label": "Gaps flagged" },
    el("h3", { text: "Gaps flagged" }),
    el(
      "ul",
      {},
      gaps.map((g) =>
        el("li", {}, el("strong", { text: `${g.severity}: ${g.title}. ` }), el("span", { text: g.explanation })),
      ),
    ),
  );
}

export function renderRelationship(target, rel, edge, gaps) {
  const frequency = rel.frequency_label
    ? `${rel.frequency_label}${perYear(rel.per_year)}`
    : "none stated";
  const observed = rel.observed_label ? `${rel.observed_label}` : "no meeting dates recorded";
  const citations = rel.citations.map((c) =>
    el(
      "li",
      { class: "citation" },
      el("blockquote", { text: c.sentence }),
      el(
        "p",
        { class: "source" },
        el("span", { class: "doc-title", text: c.document.title || c.document.id }),
        c.document.date ? el("span", { class: "doc-date", text: ` — ${c.document.date}` }) : null,
        c.locator ? el("span", { class: "locator", text: ` (${c.locator})` }) : null,
      ),
    ),
  );
  const parties = rel.direction === "Mutual"
    ? row("Parties", bodyNames(rel.parties))
    : [...row("Actors", bodyNames(rel.actors)), ...row("Targets", bodyNames(rel.targets))];
  fill(
    target,
    el("h3", { class: "edge-title", text: edge ? edge.label : rel.kind_label }),
    el(
      "dl",
      { class: "facts" },
      row("Kind", el("span", { class: "kind", text: rel.kind_label })),
      parties,
      rel.direction !== "Mutual" && rel.overseers.length
        ? row("Overseer", bodyNames(rel.overseers))
        : null,
      rel.handed_to.length ? row("Role handed to", bodyNames(rel.handed_to)) : null,
      row("Stated frequency", el("span", { class: "stated-frequency", text: frequency })),
      row("Observed frequency", el("span", { class: "observed-frequency", text: observed })),
      row("Guaranteed", `${rel.guaranteed_per_year} meetings a year`),
      row("Valid", el("span", { class: "validity", text: validity(rel.valid_from, rel.valid_until) })),
      rel.confidence !== null && rel.confidence !== undefined ? row("Confidence", String(rel.confidence)) : null,
    ),
    rel.notes.length ? el("p", { class: "notes", text: rel.notes.join(" ") }) : null,
    gapList(gaps),
    el("h3", { text: `Evidence (${rel.citations.length})` }),
    el("ol", { class: "citations" }, citations),
    el("p", { class: "hint" }, "JSON: ", el("a", { href: `/api/relationships/${rel.id}`, text: `/api/relationships/${rel.id}` })),
  );
}

export function renderStructural(target, edge, source, dest) {
  fill(
    target,
    el("h3", { class: "edge-title", text: `${dest} — ${edge.kind_label} — ${source}` }),
    el(
      "p",
      {},
      "A structural link: ",
      el("strong", { text: dest }),
      ` is ${edge.kind_label} `,
      el("strong", { text: source }),
      ", so it answers to it with no frequency limit.",
    ),
    el("dl", { class: "facts" }, row("Valid", validity(edge.valid_from, edge.valid_until))),
  );
}

export function renderNode(target, node, detail, gaps, actions, words) {
  const links = (list) =>
    el(
      "ul",
      {},
      list.map((link) =>
        el("li", {}, link.body.label, " — ", link.steps.map((s) => s.frequency ? `${words.kind(s.kind)} (${words.frequency(s.frequency)})` : words.kind(s.kind)).join(", ")),
      ),
    );
  fill(
    target,
    el("h3", { class: "node-title", text: node.label }),
    el(
      "dl",
      { class: "facts" },
      row("Kind", `${words.group(node.group)} (${node.kind})`),
      node.alt_labels && node.alt_labels.length ? row("Also called", node.alt_labels.join("; ")) : null,
      node.council ? row("Council", node.council) : null,
      row("Key", el("code", { text: node.id })),
      row("Valid", validity(node.valid_from, node.valid_until)),
      row("Not shown", `${node.hidden_neighbours} neighbours under these filters`),
    ),
    el(
      "p",
      { class: "actions" },
      node.hidden_neighbours > 0
        ? el("button", { type: "button", class: "expand", onclick: actions.expand, text: "Expand neighbours" })
        : null,
      el("button", { type: "button", onclick: actions.focus, text: "Make it the focus" }),
      el("button", { type: "button", onclick: actions.pathFrom, text: "Chain from here" }),
      el("button", { type: "button", onclick: actions.pathTo, text: "Chain to here" }),
    ),
    gapList(gaps),
    detail ? el("h3", { text: `Overseen by (${detail.overseers_total})` }) : null,
    detail ? links(detail.overseers) : null,
    detail ? el("h3", { text: `Oversees (${detail.overseen_total})` }) : null,
    detail ? links(detail.overseen) : null,
  );
}

export function renderPaths(target, result, labelOf, words) {
  if (!result.chains.length) {
    fill(target, el("p", { class: "no-chain", text: result.message || "No chain joins them." }));
    return;
  }
  const weakest = result.weakest_link && result.weakest_link.step;
  const stepText = (s) =>
    `${labelOf(s.overseer)} ${words.kind(s.kind)}${s.frequency ? ` (${words.frequency(s.frequency)})` : ""} ${labelOf(s.overseen)}`;
  const reading = result.direction === "up"
    ? "each body is overseen by the next"
    : "each body oversees the next";
  fill(
    target,
    el("p", { class: "path-title" }, el("strong", { text: `${result.chains.length} chain${result.chains.length > 1 ? "s" : ""}` }), ` (${reading}), highlighted in yellow.`),
    el(
      "p",
      { class: "weakest" },
      weakest
        ? [el("strong", { text: "Weakest link: " }), stepText(weakest), perYear(result.weakest_link.per_year)]
        : "Every step is structural: no frequency limit.",
    ),
    el(
      "ol",
      { class: "chains" },
      result.chains.map((chain) => el("li", {}, chain.bodies.map((b) => b.label).join(" → "))),
    ),
  );
}
