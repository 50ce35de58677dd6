// Exports of the current view: PNG and SVG pictures for reports (drawn in the browser
// by Cytoscape.js and cytoscape-svg), GraphML and JSON for Gephi (from the API).

export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function fileStem(focus) {
  return `oversight-map-${(focus || "map").replace(/[^A-Za-z0-9]+/g, "-")}`;
}

export function exportPng(cy, focus) {
  const blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff", maxWidth: 8000, maxHeight: 8000 });
  download(blob, `${fileStem(focus)}.png`);
  return blob.size;
}

export function exportSvg(cy, focus) {
  if (typeof cy.svg !== "function") throw new Error("cytoscape-svg is not loaded");
  const text = cy.svg({ full: true, scale: 1, bg: "#ffffff" });
  const blob = new Blob([text], { type: "image/svg+xml;charset=utf-8" });
  download(blob, `${fileStem(focus)}.svg`);
  return blob.size;
}
