"""A real browser (Debian chromium via Playwright) on the real service: pick a saved
query on the editor page, run it, and see its rows in the results table."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveService, screenshot, serve_service

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ACTIVE = ".yasgui .tabPanel.active"


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(u).hostname or "" for u in urls if not u.startswith(("data:", "blob:"))}


def _open_editor(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{ACTIVE} .CodeMirror")  # YASGUI has drawn its first tab


def _results_table(page: Any) -> Any:
    table = page.locator(f"{ACTIVE} .yasr_results table")
    table.wait_for()
    return table


def test_pick_a_saved_query_run_it_and_see_its_rows(page: Any, live_service: LiveService) -> None:
    _open_editor(page, f"{live_service.url}/query")
    link = page.get_by_role("link", name="Improvement boards and how often they meet")
    link.click()
    page.wait_for_url("**/query?saved=improvement-boards-and-how-often-they-meet")
    page.locator(".yasgui .tab.active", has_text="Improvement boards").wait_for()
    editor_text = page.locator(f"{ACTIVE} .CodeMirror").inner_text()
    assert "ov:ImprovementBoard" in editor_text
    page.locator(f"{ACTIVE} .yasqe_queryButton").click()
    table = _results_table(page)
    leicester = table.locator("tr", has_text="Leicester City Children's Improvement Board")
    leicester.wait_for()
    assert "four-weekly" in leicester.inner_text()
    assert "13" in leicester.inner_text()
    bradford = table.locator("tr", has_text="Education Improvement Strategy Board")
    assert "half-termly" in bradford.inner_text()
    screenshot(page, "query-page-improvement-boards")
    # offline: the page, YASGUI and the query itself asked nothing of any other host
    assert _hosts(page.requested) == {"127.0.0.1"}, page.requested
    assert any(u.endswith("/sparql") for u in page.requested)


def test_a_saved_query_opens_from_its_url_and_runs_from_the_keyboard(
    page: Any, live_service: LiveService
) -> None:
    _open_editor(page, f"{live_service.url}/query?saved=councils-without-termly-rsc-meeting")
    page.locator(".yasgui .tab.active", has_text="Councils with no recorded termly").wait_for()
    status = page.locator("#status")
    assert "Opened" in status.inner_text()
    # the editor has the focus after opening: Ctrl+Enter runs the query
    page.keyboard.press("Control+Enter")
    table = _results_table(page)
    table.locator("tr", has_text="Coventry").wait_for()
    names = table.locator("tbody tr").all_inner_texts()
    assert len(names) == 3
    assert any("Leicester" in n for n in names)
    assert not any("Bradford" in n for n in names)  # Bradford meets the RSC termly
    assert _hosts(page.requested) == {"127.0.0.1"}, page.requested


def test_the_library_is_reachable_by_keyboard(page: Any, live_service: LiveService) -> None:
    _open_editor(page, f"{live_service.url}/")
    for _ in range(40):  # tab through the page until a saved query link has the focus
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.dataset.name || ''")
        if name:
            break
    else:
        pytest.fail("no saved query link could be reached with the Tab key")
    page.keyboard.press("Enter")
    assert f"saved={name}" in page.url
    # once the query is loaded, the focus moves into its editor tab
    page.wait_for_function("document.activeElement.closest('.yasgui .CodeMirror') !== null")
    page.keyboard.press("Tab")  # and Tab leaves the editor again: no keyboard trap
    assert page.evaluate("document.activeElement.tagName") != "TEXTAREA"  # CodeMirror's input


def test_a_private_service_takes_a_pasted_token(
    page: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    token = "reader-token-3c1f9a"
    with serve_service(tmp_path_factory.mktemp("private-store"), tokens={token: "read"}) as svc:
        _open_editor(page, f"{svc.url}/query?saved=mutual-oversight")
        token_field = page.get_by_label("Access token")
        assert token_field.is_visible()
        page.locator(".yasgui .tab.active", has_text="Mutual oversight").wait_for()
        page.locator(f"{ACTIVE} .yasqe_queryButton").click()
        page.locator(f"{ACTIVE} .yasr .errorResult").wait_for()  # refused without the token
        assert "authentication required" in page.locator(f"{ACTIVE} .yasr").inner_text()
        expect(page.locator("#status")).to_contain_text("failed")
        token_field.fill(token)
        page.locator(f"{ACTIVE} .yasqe_queryButton").click()
        rows = page.locator(f"{ACTIVE} .yasr_results table tr", has_text="Regional DCS group")
        rows.first.wait_for()
        expect(page.locator("#status")).to_have_text("Results below.")
        screenshot(page, "query-page-private-service")
        stored = page.evaluate("JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")
        assert token not in stored  # kept only in the page
