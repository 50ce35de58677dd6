// Wrapping wide layers: a council oversees many bodies at once, so a layered layout
// comes out far wider than a screen and shrinks to illegible text. After the layered
// layout has placed its layers (overseers above), this splits each too-wide layer
// into several rows, keeping the layers' order and each layer's left-to-right order,
// and picks the row width at which the whole map fits its box at the largest zoom.

function layersOf(nodes) {
  const layers = new Map();
  nodes.forEach((node) => {
    const y = Math.round(node.position("y"));
    if (!layers.has(y)) layers.set(y, []);
    layers.get(y).push(node);
  });
  return [...layers.keys()]
    .sort((a, b) => a - b)
    .map((y) => layers.get(y).sort((a, b) => a.position("x") - b.position("x")));
}

function arrange(layers, maxWidth, gapX, rowGap, layerGap) {
  const rows = [];
  let y = 0;
  let width = 0;
  layers.forEach((layer, i) => {
    if (i > 0) y += layerGap - rowGap;
    let row = [];
    let rowWidth = 0;
    const flush = () => {
      if (!row.length) return;
      const height = Math.max(...row.map((n) => n.outerHeight()));
      rows.push({ nodes: row, width: rowWidth, y: y + height / 2 });
      width = Math.max(width, rowWidth);
      y += height + rowGap;
      row = [];
      rowWidth = 0;
    };
    for (const node of layer) {
      const w = node.outerWidth();
      if (row.length && rowWidth + gapX + w > maxWidth) flush();
      rowWidth += (row.length ? gapX : 0) + w;
      row.push(node);
    }
    flush();
  });
  return { rows, width, height: y };
}

/**
 * Wrap the layers of a positioned layered layout to fit a box.
 * @param {object} nodes  a Cytoscape collection of positioned nodes
 * @param {{width: number, height: number}} box  the map's size on screen
 * @returns {number} the rows the layers were wrapped into
 */
export function wrapLayers(nodes, box, { gapX = 14, rowGap = 30, layerGap = 70 } = {}) {
  const layers = layersOf(nodes);
  if (!layers.length || box.width <= 0 || box.height <= 0) return 0;
  const widest = Math.max(...layers.map((l) => l.reduce((s, n) => s + n.outerWidth() + gapX, -gapX)));
  const narrowest = Math.max(...nodes.map((n) => n.outerWidth())) * 2 + gapX;
  let best = null;
  for (let w = widest; w >= narrowest; w *= 0.88) {
    const plan = arrange(layers, w, gapX, rowGap, layerGap);
    const zoom = Math.min(box.width / plan.width, box.height / plan.height);
    if (!best || zoom > best.zoom + 1e-9) best = { plan, zoom };
  }
  if (!best) best = { plan: arrange(layers, widest, gapX, rowGap, layerGap) };
  for (const row of best.plan.rows) {
    let x = -row.width / 2;
    for (const node of row.nodes) {
      const w = node.outerWidth();
      node.position({ x: x + w / 2, y: row.y });
      x += w + gapX;
    }
  }
  return best.plan.rows.length;
}
