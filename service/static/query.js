// The query editor page: YASGUI pointed at our SPARQL endpoint, opened from the
// library of saved queries. Everything is served by this service: no CDN, no
// other host. The page's settings come from the server in #editor-config.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const statusEl = document.getElementById("status");
  const tokenInput = document.getElementById("access-token");
  const links = Array.from(document.querySelectorAll("a.saved-query"));

  function say(message) {
    statusEl.textContent = message;
  }

  // Every prefix of the ontology, declared at the top of each new tab.
  const prologue = Object.entries(config.prefixes)
    .map(([prefix, iri]) => `PREFIX ${prefix}: <${iri}>`)
    .join("\n");
  const starter = `${prologue}\n\n# Every body with its name.\nSELECT ?body ?name WHERE {\n` +
    `  ?body a ov:Body ; rdfs:label ?name .\n}\nORDER BY ?name\nLIMIT 100\n`;

  // The token typed by the user: read from the page at each query, never stored, and
  // sent only to this service (not to another endpoint typed into a tab).
  function authHeaders(yasgui) {
    const token = tokenInput ? tokenInput.value.trim() : "";
    const tab = yasgui && yasgui.getTab ? yasgui.getTab() : undefined;
    const target = new URL(tab ? tab.getEndpoint() : endpoint, window.location.href);
    if (!token || target.origin !== window.location.origin) return {};
    return { Authorization: `Bearer ${token}` };
  }

  // Offline: prefix completion reads our own prefixes, and the completers that
  // call the Linked Open Vocabularies service are switched off.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST", headers: authHeaders },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: config.persistenceId,
    autofocus: false, // keyboard users start at the top of the page, not in the editor
    yasqe: {
      value: starter,
      prefixCcApi: config.prefixesUrl,
      // Tab and Shift+Tab move the focus (no keyboard trap); Ctrl+] / Ctrl+[ indent
      extraKeys: { Tab: false, "Shift-Tab": false },
    },
    yasr: { defaultPlugin: "table" },
  });

  function markCurrent(name) {
    for (const link of links) {
      if (link.dataset.name === name) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
  }

  async function openSaved(name) {
    say("Opening the saved query…");
    const response = await fetch(`${config.queriesUrl}/${encodeURIComponent(name)}`);
    if (!response.ok) {
      say(`Could not open the saved query “${name}” (HTTP ${response.status}).`);
      return;
    }
    const saved = await response.json();
    const tab = yasgui.addTab(
      true,
      {
        name: saved.title,
        yasqe: { value: saved.query },
        requestConfig: { endpoint: endpoint },
        // "Simple view": plain values and prefixed names, no datatypes or brackets
        yasr: { settings: { selectedPlugin: "table", pluginsConfig: { table: { compact: true } } } },
      },
      { avoidDuplicateTabs: true },
    );
    markCurrent(name);
    say(`Opened “${saved.title}”. Run it with the run button or Ctrl+Enter in the editor.`);
    const yasqe = tab.getYasqe();
    if (yasqe) yasqe.focus();
  }

  for (const link of links) {
    link.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey) return; // open in a new window
      event.preventDefault();
      const url = new URL(window.location.href);
      url.searchParams.set("saved", link.dataset.name);
      window.history.replaceState(null, "", url);
      openSaved(link.dataset.name);
    });
  }

  yasgui.on("queryResponse", (_yasgui, tab) => {
    // YASGUI announces the response before it draws it: read the outcome just after
    setTimeout(() => {
      const results = tab.getYasr().results;
      if (results && results.hasError()) say("The query failed: see the message below.");
      else say("Results below.");
    }, 0);
  });

  if (config.saved) openSaved(config.saved);
  window.oversightEditor = yasgui; // for people (and tests) using the browser console
})();
