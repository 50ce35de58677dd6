"""The accountability map in a real browser (Debian chromium via Playwright) on the real
service with the seed graph: what Bradford's map shows, the evidence behind an edge,
filters, the timeline, chains, the gaps overlay, exports and the URL state.

Each state is saved as a screenshot under ``artifacts/screenshots/`` (``map-*.png``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import networkx as nx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveService, screenshot, serve_service

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BRADFORD = "la/380"
EISB = "la/380/education-improvement-strategy-board"
RSC = "rsc/lancashire-and-west-yorkshire"
DCS = "la/380/strategic-director-of-childrens-services"
MATS = "la/380/multi-academy-trusts"
TSAS = "la/380/teaching-school-alliances"
DFE = "national/dfe"
RSC_DCS = "relationship/bradford-dcs-dd-meet-ofsted-and-rsc"
SENTENCE = "The DCS and DD meet with the regional Ofsted inspector and the RSC on a termly basis"


# --- helpers ---------------------------------------------------------------------------


def _renders(page: Any) -> int:
    return int(page.evaluate("Number(document.body.dataset.renders || 0)"))


def _wait_render(page: Any, after: int) -> None:
    page.wait_for_function(
        "document.body.dataset.state === 'ready' && "
        f"Number(document.body.dataset.renders) > {after}"
    )


def _open(page: Any, service: LiveService, query: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{service.url}/map?{query}")
    page.wait_for_function("document.body.dataset.state === 'ready'")
    assert page.evaluate("document.body.dataset.state") == "ready"


def _nodes(page: Any) -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = page.evaluate(
        "Object.fromEntries(oversightMap.cy.nodes().map(n => [n.id(), "
        "{...n.data(), classes: n.classes(), shape: n.style('shape')}]))"
    )
    return data


def _edges(page: Any) -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = page.evaluate(
        "Object.fromEntries(oversightMap.cy.edges().map(e => [e.id(), "
        "{...e.data(), classes: e.classes(), line: e.style('line-style'), "
        "px: parseFloat(e.style('width'))}]))"
    )
    return data


def _edge_between(edges: dict[str, dict[str, Any]], a: str, b: str, kind: str) -> dict[str, Any]:
    found = [
        e for e in edges.values() if e["kind"] == kind and {e["source"], e["target"]} == {a, b}
    ]
    assert len(found) == 1, (a, b, kind)
    return found[0]


def _api(service: LiveService, path: str, **params: Any) -> Any:
    r = httpx.get(f"{service.url}{path}", params=params, timeout=30)
    r.raise_for_status()
    return r.json()


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(u).hostname or "" for u in urls if not u.startswith(("data:", "blob:"))}


def _state(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _click_edge(page: Any, edge_id: str) -> None:
    """Click the edge with the mouse, at a point of it no other element covers."""
    point = page.evaluate(
        """(id) => {
          const cy = oversightMap.cy, edge = cy.getElementById(id);
          const s = edge.sourceEndpoint(), t = edge.targetEndpoint(), m = edge.midpoint();
          const c = {x: 2 * m.x - (s.x + t.x) / 2, y: 2 * m.y - (s.y + t.y) / 2};
          const zoom = cy.zoom(), pan = cy.pan(), r = cy.container().getBoundingClientRect();
          for (let i = 0; i <= 40; i++) {
            const u = 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.01;
            const x = (1-u)*(1-u)*s.x + 2*(1-u)*u*c.x + u*u*t.x;
            const y = (1-u)*(1-u)*s.y + 2*(1-u)*u*c.y + u*u*t.y;
            const rx = x * zoom + pan.x, ry = y * zoom + pan.y;
            // the edge must win the hit test (model coordinates) 2 px around the point too
            let free = true;
            for (const dx of [-2, 0, 2]) for (const dy of [-2, 0, 2]) {
              const hit = cy.renderer().findNearestElement(
                x + dx / zoom, y + dy / zoom, true, false);
              free = free && Boolean(hit) && hit.id() === id;
            }
            if (free) return {x: r.left + rx, y: r.top + ry};
          }
          return null;
        }""",
        edge_id,
    )
    assert point, f"no free point on edge {edge_id}"
    page.mouse.click(point["x"], point["y"])


def _click_node(page: Any, node_id: str) -> None:
    point = page.evaluate(
        """(id) => { const cy = oversightMap.cy, p = cy.getElementById(id).renderedPosition();
          const r = cy.container().getBoundingClientRect();
          return {x: r.left + p.x, y: r.top + p.y}; }""",
        node_id,
    )
    page.mouse.click(point["x"], point["y"])


def _choose(page: Any, box: str, text: str, option: str) -> None:
    """Type into a suggestion box and choose an option with the keyboard."""
    field = page.locator(f"#{box}")
    field.fill("")
    field.type(text, delay=20)
    listbox = page.locator(f"#{box}-options")
    wanted = listbox.get_by_role("option", name=option)
    wanted.first.wait_for()
    for _ in range(12):
        active = page.evaluate(
            f"document.getElementById(document.getElementById('{box}')"
            ".getAttribute('aria-activedescendant') || 'none')?.textContent || ''"
        )
        if active.startswith(option):
            break
        field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value(option)


# --- the tests -------------------------------------------------------------------------


def test_bradfords_map_shows_its_bodies_and_arrangements(
    page: Any, live_service: LiveService
) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    nodes, edges = _nodes(page), _edges(page)
    labels = {n["label"] for n in nodes.values()}
    for label in (
        "Education Improvement Strategy Board",
        "Regional Schools Commissioner for Lancashire and West Yorkshire",
        "Ofsted",
        "Regional Ofsted inspector (North East, Yorkshire and the Humber)",
        "Multi-academy trusts serving Bradford",
        "Dioceses serving Bradford",
        "Diocesan representatives",
        "Teaching school alliances in Bradford",
    ):
        assert label in labels, label
    # exactly the neighbourhood the API gives
    view = _api(live_service, f"/api/map/neighbourhood/{BRADFORD}")
    assert set(nodes) == {n["id"] for n in view["nodes"]}
    assert set(edges) == {e["id"] for e in view["edges"]}
    # styles: kinds of body, dashes, widths by meetings a year
    assert "focus" in nodes[BRADFORD]["classes"]
    assert nodes[BRADFORD]["shape"] == "round-rectangle"
    assert nodes[RSC]["shape"] == "round-octagon"
    assert nodes[EISB]["shape"] == "round-hexagon"
    eisb_mats = _edge_between(edges, EISB, MATS, "scrutinises")
    assert eisb_mats["label"] == "scrutinises · half-termly" and eisb_mats["line"] == "solid"
    assert _edge_between(edges, RSC, EISB, "memberOf")["label"] == "member of · half-termly"
    rsc_dcs = _edge_between(edges, RSC, DCS, "meetsWith")
    assert rsc_dcs["label"] == "meets with · termly"
    rsc_tsas = _edge_between(edges, RSC, TSAS, "scrutinises")
    assert rsc_tsas["label"] == "scrutinises · unspecified" and rsc_tsas["line"] == "dashed"
    dfe_call = _edge_between(
        edges,
        "la/380/deputy-director-childrens-services",
        "national/dfe/representative-bradford",
        "meetsWith",
    )
    assert dfe_call["label"] == "meets with · monthly"
    assert dfe_call["px"] > rsc_dcs["px"] > rsc_tsas["px"]  # 12 > 3 > 0 meetings a year
    # the legend explains the styles, the status says what is shown
    expect(page.locator("#legend")).to_contain_text("as required or unknown (dashed)")
    expect(page.locator("#status")).to_contain_text("Bradford")
    # offline: everything came from this service, cytoscape from /vendor
    assert _hosts(page.requested) == {"127.0.0.1"}, page.requested
    assert any("/vendor/cytoscape/dist/cytoscape.min.js" in u for u in page.requested)
    assert any("/vendor/cytoscape-dagre/" in u for u in page.requested)
    screenshot(page, "map-bradford")


def test_clicking_the_rsc_dcs_edge_shows_its_frequency_and_evidence(
    page: Any, live_service: LiveService
) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    edge = _edge_between(_edges(page), RSC, DCS, "meetsWith")
    _click_edge(page, edge["id"])
    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".stated-frequency")).to_have_text("termly (3 a year)")
    expect(panel.locator(".citation blockquote")).to_contain_text(SENTENCE)
    expect(panel.locator(".citation .doc-date")).to_contain_text("2017-06-27")
    expect(panel.locator(".citation .doc-title")).to_contain_text("Children's Services plan")
    expect(panel.locator(".kind")).to_have_text("meets with")
    expect(panel.locator(".validity")).to_contain_text("no dates recorded")
    assert page.evaluate("oversightMap.cy.$(':selected').id()") == edge["id"]
    assert _state(page)["selected"] == [edge["id"]]
    screenshot(page, "map-edge-evidence")


def test_the_evidence_is_reachable_from_the_keyboard(page: Any, live_service: LiveService) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    page.locator("details.in-view > summary").focus()
    page.keyboard.press("Enter")  # open the list of what is in view
    edge = _edge_between(_edges(page), EISB, MATS, "scrutinises")
    button = page.locator(f'#edge-list button[data-id="{edge["id"]}"]')
    button.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#panel")
    expect(panel.locator(".stated-frequency")).to_have_text("half-termly (6 a year)")
    expect(panel.locator(".citation")).to_have_count(2)
    assert page.evaluate("document.activeElement.id") == "panel"
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()


def test_filtering_out_meets_with_removes_those_edges(page: Any, live_service: LiveService) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    before = _edges(page)
    meetings = [e for e in before.values() if e["kind"] == "meetsWith"]
    scrutiny = [e for e in before.values() if e["kind"] == "scrutinises"]
    assert meetings and scrutiny
    box = page.get_by_role("checkbox", name="meets with")
    box.focus()
    count = _renders(page)
    page.keyboard.press("Space")
    _wait_render(page, count)
    after = _edges(page)
    assert not [e for e in after.values() if e["kind"] == "meetsWith"]
    assert len([e for e in after.values() if e["kind"] == "scrutinises"]) == len(scrutiny)
    kinds = _state(page)["kinds"][0].split(",")
    assert "meetsWith" not in kinds and "scrutinises" in kinds
    screenshot(page, "map-without-meetings")


def test_the_timeline_moves_the_view(page: Any, live_service: LiveService) -> None:
    # Coventry's only link with Ofsted is its March 2017 reinspection
    _open(page, live_service, "focus=la/331")
    slider = page.locator("#as-of-slider")
    expect(slider).to_have_attribute("max", "3")
    assert "national/ofsted" in _nodes(page)
    seen = {}
    slider.focus()
    for _ in range(3):
        count = _renders(page)
        page.keyboard.press("ArrowRight")
        _wait_render(page, count)
        day = _state(page)["as_of"][0]
        seen[day] = (set(_nodes(page)), set(_edges(page)))
        expect(page.locator("#as-of-label")).to_have_text(f"As of {day}")
        api = _api(live_service, "/api/map/neighbourhood/la/331", as_of=day)
        assert seen[day] == ({n["id"] for n in api["nodes"]}, {e["id"] for e in api["edges"]})
        screenshot(page, f"map-timeline-{day}")
    before, during, after = (seen[d] for d in ("2017-03-06", "2017-03-07", "2017-03-31"))
    assert "national/ofsted" not in before[0]
    assert "national/ofsted" in during[0]
    assert "national/ofsted" not in after[0]
    assert len(during[1]) > len(after[1])
    count = _renders(page)
    page.keyboard.press("Home")  # back to every date
    _wait_render(page, count)
    assert "as_of" not in _state(page)
    expect(page.locator("#as-of-label")).to_have_text("All dates")


def test_the_path_from_a_bradford_mat_to_the_dfe_is_highlighted(
    page: Any, live_service: LiveService
) -> None:
    _open(page, live_service, f"focus={BRADFORD}&depth=1")
    assert DFE not in _nodes(page)  # one step from Bradford's bodies: the DfE is further
    _choose(page, "path-from", "multi-academy", "Multi-academy trusts serving Bradford")
    _choose(page, "path-to", "Department for Education", "Department for Education")
    count = _renders(page)
    page.get_by_role("button", name="Highlight chains").press("Enter")
    _wait_render(page, count)
    nodes, edges = _nodes(page), _edges(page)
    on_path = {k for k, n in nodes.items() if "path" in n["classes"]}
    assert {MATS, RSC, DFE} <= on_path
    paths = _api(live_service, "/api/paths", **{"from": MATS, "to": DFE, "cutoff": 6})
    expected = {b["id"] for c in paths["chains"] for b in c["bodies"]}
    assert on_path == expected
    path_edges = {k for k, e in edges.items() if "path" in e["classes"]}
    assert f"relationship/bradford-rsc-scrutinises-tsas-mats|{RSC}|{MATS}" in path_edges
    assert f"subOrganizationOf|{DFE}|{RSC}" in path_edges
    weakest = [k for k, e in edges.items() if "weakest" in e["classes"]]
    step = paths["weakest_link"]["step"]
    assert weakest == [f"{step['relationship']}|{step['overseer']}|{step['overseen']}"]
    assert all("faded" in n["classes"] for k, n in nodes.items() if k not in on_path)
    weakest_text = page.locator("#path-result .weakest")
    expect(weakest_text).to_contain_text("Weakest link")
    expect(weakest_text).to_contain_text("half-termly")  # labels, not concept names
    expect(page.locator("#path-result .chains li")).to_have_count(len(paths["chains"]))
    expect(page.locator("#panel")).to_be_hidden()  # the chain stays in view
    state = _state(page)
    assert (state["from"], state["to"]) == ([MATS], [DFE])
    assert DFE in state["include"][0].split(",")
    screenshot(page, "map-path-mat-to-dfe")


def test_the_gap_overlay_marks_the_bodies_the_api_flags(
    page: Any, live_service: LiveService
) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    for severity in ("high", "low"):
        count = _renders(page)
        page.get_by_label("Mark in red the gaps of at least").select_option(severity)
        _wait_render(page, count)
        nodes, edges = _nodes(page), _edges(page)
        gaps = _api(live_service, "/api/gaps", council="380", severity=severity, limit=1000)
        flagged = {b["id"] for g in gaps["items"] for b in g["bodies"]} & set(nodes)
        marked = {k for k, n in nodes.items() if "gap" in n["classes"]}
        assert flagged and marked == flagged, severity
        rels = {r for g in gaps["items"] for r in g["relationships"]}
        marked_edges = {e["relationship"] for e in edges.values() if "gap" in e["classes"]}
        assert marked_edges == rels & {e["relationship"] for e in edges.values()}
        screenshot(page, f"map-gaps-{severity}")
    # the reason, on hover
    count = _renders(page)
    page.get_by_label("Mark in red the gaps of at least").select_option("high")
    _wait_render(page, count)
    target = "la/380/key-strategic-partnerships"
    point = page.evaluate(
        """(id) => { const cy = oversightMap.cy, p = cy.getElementById(id).renderedPosition();
          const r = cy.container().getBoundingClientRect();
          return {x: r.left + p.x, y: r.top + p.y}; }""",
        target,
    )
    page.mouse.move(point["x"], point["y"])
    expect(page.locator("#tooltip")).to_contain_text("Nobody is recorded as scrutinising")
    screenshot(page, "map-gap-reason")


def test_png_svg_graphml_and_json_exports(page: Any, live_service: LiveService) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    with page.expect_download() as png:
        page.get_by_role("button", name="PNG").click()
    data = Path(png.value.path()).read_bytes()
    assert png.value.suggested_filename == "oversight-map-la-380.png"
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    with page.expect_download() as svg:
        page.get_by_role("button", name="SVG").click()
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert svg.value.suggested_filename == "oversight-map-la-380.svg"
    assert text.startswith("<svg") and len(text) > 20_000
    for word in (">Bradford<", ">Ofsted<", "meets with · termly"):  # labels drawn as text
        assert word in text, word
    with page.expect_download() as graphml:
        page.get_by_role("link", name="GraphML").click()
    graph = nx.read_graphml(graphml.value.path(), force_multigraph=True)
    assert set(graph.nodes) == set(_nodes(page))
    with page.expect_download() as as_json:
        page.get_by_role("link", name="JSON").click()
    data_json = json.loads(Path(as_json.value.path()).read_text(encoding="utf-8"))
    assert {n["id"] for n in data_json["nodes"]} == set(_nodes(page))
    expect(page.locator("#status")).to_contain_text("Exported the view as SVG")


def test_a_private_service_asks_for_a_token_and_the_map_uses_it(
    page: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    token = "map-reader-7e2d41"
    store = tmp_path_factory.mktemp("private-map-store")
    with serve_service(store, tokens={token: "read"}) as svc:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{svc.url}/map?focus={BRADFORD}")
        page.wait_for_function("document.body.dataset.state === 'token'")
        expect(page.locator("#status")).to_contain_text("This service is private")
        field = page.get_by_label("Access token")
        expect(field).to_be_focused()
        field.fill("not-the-token")
        page.get_by_role("button", name="Use token").click()
        expect(page.locator("#status")).to_contain_text("did not accept this access token")
        field.fill(token)
        page.get_by_role("button", name="Use token").click()
        page.wait_for_function("document.body.dataset.state === 'ready'")
        assert {EISB, RSC, DCS} <= set(_nodes(page))
        with page.expect_download() as graphml:  # a link cannot send the token: fetched
            page.get_by_role("link", name="GraphML").click()
        graph = nx.read_graphml(graphml.value.path(), force_multigraph=True)
        assert set(graph.nodes) == set(_nodes(page))
        screenshot(page, "map-private-service")
        stored = page.evaluate("JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")
        assert token not in stored and token not in page.url


def test_a_public_service_shows_no_token_field(page: Any, live_service: LiveService) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    expect(page.get_by_label("Access token")).to_be_hidden()


def test_the_url_state_round_trips(page: Any, browser: Any, live_service: LiveService) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    # a click on a node with hidden neighbours expands it
    hidden = [k for k, n in _nodes(page).items() if n["hidden_neighbours"] > 0]
    assert hidden
    count = _renders(page)
    _click_node(page, hidden[0])
    _wait_render(page, count)
    assert _nodes(page)[hidden[0]]["hidden_neighbours"] == 0
    page.get_by_label("Around the focus").check()  # a new layout, no new data
    page.wait_for_function("new URLSearchParams(location.search).get('layout') === 'concentric'")
    for step in (
        lambda: page.get_by_label("At least", exact=True).select_option("termly"),
        lambda: page.get_by_role("checkbox", name="Person").uncheck(),
        lambda: page.get_by_label("Mark in red the gaps of at least").select_option("medium"),
        lambda: page.locator("#as-of-date").fill("2017-06-27"),
    ):
        count = _renders(page)
        step()
        _wait_render(page, count)
    page.get_by_label("Large text").check()
    state = _state(page)
    assert state["layout"] == ["concentric"] and state["min"] == ["termly"]
    assert "person" not in state["bodies"][0].split(",")
    assert state["gaps"] == ["medium"] and state["as_of"] == ["2017-06-27"]
    assert state["expand"] == [hidden[0]] and state["large"] == ["1"]
    url = page.url
    nodes, edges = set(_nodes(page)), set(_edges(page))
    gaps = {k for k, n in _nodes(page).items() if "gap" in n["classes"]}
    screenshot(page, "map-state-before")
    other = browser.new_page()
    try:
        _open(other, live_service, urlsplit(url).query)
        assert other.url == url
        assert set(_nodes(other)) == nodes and set(_edges(other)) == edges
        assert {k for k, n in _nodes(other).items() if "gap" in n["classes"]} == gaps
        expect(other.get_by_label("Around the focus")).to_be_checked()
        expect(other.get_by_label("At least", exact=True)).to_have_value("termly")
        expect(other.get_by_role("checkbox", name="Person")).not_to_be_checked()
        expect(other.get_by_label("Mark in red the gaps of at least")).to_have_value("medium")
        expect(other.locator("#as-of-date")).to_have_value("2017-06-27")
        expect(other.get_by_label("Large text")).to_be_checked()
        assert other.evaluate("document.body.classList.contains('large-text')")
        screenshot(other, "map-state-reopened")
    finally:
        other.close()


def test_search_suggests_names_and_alternative_names(page: Any, live_service: LiveService) -> None:
    _open(page, live_service, "")
    expect(page.locator("#status")).to_contain_text("Choose a council or a body")
    _choose(page, "search", "EISB", "Education Improvement Strategy Board")
    page.wait_for_function("oversightMap.renders >= 1 && document.body.dataset.state === 'ready'")
    assert _state(page)["focus"] == [EISB]
    nodes = _nodes(page)
    assert "focus" in nodes[EISB]["classes"] and RSC in nodes
    expect(page).to_have_title("Education Improvement Strategy Board — Accountability map")
    screenshot(page, "map-eisb")
    # the council list starts a council's map; Back returns to the previous one
    count = _renders(page)
    page.get_by_label("or a council").select_option(label="Leicester")
    _wait_render(page, count)
    assert _state(page)["focus"] == ["la/856"]
    count = _renders(page)
    page.go_back()
    _wait_render(page, count)
    assert _state(page)["focus"] == [EISB]


def test_show_more_raises_the_cap(page: Any, live_service: LiveService) -> None:
    _open(page, live_service, "focus=la/856&limit=20")
    assert len(_nodes(page)) == 20
    more = page.get_by_role("button", name="Show more")
    expect(more).to_be_visible()
    count = _renders(page)
    more.click()
    _wait_render(page, count)
    assert len(_nodes(page)) > 20
    assert _state(page)["limit"] == ["80"]


def test_every_control_has_a_label_and_tab_reaches_it(page: Any, live_service: LiveService) -> None:
    _open(page, live_service, f"focus={BRADFORD}")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select')]
             .filter(el => !el.labels.length && !el.getAttribute('aria-label'))
             .map(el => el.id || el.name)"""
    )
    assert unlabelled == []
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.name"))
    for control in (
        "search",
        "council",
        "large-text",
        "layout",
        "depth",
        "as-of-date",  # the slider is disabled: Bradford's view has no dates
        "min-frequency",
        "path-from",
        "path-to",
        "gaps",
        "export-png",
    ):
        assert control in reached, control
    order = [reached.index(c) for c in ("search", "council", "depth", "as-of-date", "gaps")]
    assert order == sorted(order)  # the focus order follows the page
    # Space toggles a checkbox, Enter presses a button
    page.locator("#structural").focus()
    count = _renders(page)
    page.keyboard.press("Space")
    _wait_render(page, count)
    assert not any(e["structural"] for e in _edges(page).values())
    page.locator("#fit").focus()
    page.keyboard.press("Enter")
    screenshot(page, "map-keyboard")
