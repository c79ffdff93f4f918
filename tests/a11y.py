"""Accessibility helpers for the browser tests: axe-core (vendored, tests/vendor/) run in a
context of its own made with `bypass_csp=True`, so the portal's CSP is never loosened for the
pages under test; a recorder of everything a screen reader would be told without the attendee
asking (live regions and programmatic focus); keyboard helpers."""

from contextlib import contextmanager
from pathlib import Path

from tests.browser import DEFAULT_TIMEOUT_MS, PageWatch, _keep_local

AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"

# Everything announced without being asked for: text arriving in a live region (aria-live,
# role=status/alert/log), and focus moved by the page (to a tabindex=-1 element or while no key
# was pressed). `window.__announced` lists them in order.
ANNOUNCE_RECORDER = """
(() => {
  window.__announced = [];
  let lastKey = 0;
  const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
  const say = (what) => {
    const text = (what || "").replace(/\\s+/g, " ").trim();
    if (text) { window.__announced.push(text); }
  };
  document.addEventListener("keydown", () => { lastKey = Date.now(); }, true);
  document.addEventListener("focusin", (event) => {
    const el = event.target;
    if (el.getAttribute && el.getAttribute("tabindex") === "-1") {
      say("focus: " + el.textContent);
    } else if (Date.now() - lastKey > 300 && el !== document.body) {
      say("focus: " + (el.getAttribute("aria-label") || el.textContent));
    }
  }, true);
  new MutationObserver((mutations) => {
    const seen = new Set();
    for (const m of mutations) {
      const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      const region = node && node.closest(live);
      if (region && !seen.has(region)) { seen.add(region); say(region.textContent); }
      for (const added of m.addedNodes) {
        if (added.nodeType === 1 && !region) {
          added.querySelectorAll && [added, ...added.querySelectorAll(live)]
            .filter((el) => el.matches && el.matches(live) && !el.hidden)
            .forEach((el) => say(el.textContent));
        }
      }
      if (m.type === "attributes" && m.attributeName === "hidden" && node.matches(live)
          && !node.hidden) { say(node.textContent); }
    }
  }).observe(document, {subtree: true, childList: true, characterData: true,
                                         attributes: true, attributeFilter: ["hidden"]});
})();
"""


def announced(page) -> list[str]:
    return page.evaluate("window.__announced")


def assert_nothing_said_twice(page) -> None:
    said = announced(page)
    repeated = sorted({text for text in said if said.count(text) > 1})
    assert not repeated, f"announced more than once: {repeated}\nall: {said}"


def active(page) -> str:
    """The focused element, as `tag#id.class: text` for assertions that read well."""
    return page.evaluate(
        """() => { const el = document.activeElement;
        return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
          + (el.className ? "." + String(el.className).split(" ")[0] : "")
          + ": " + el.textContent.replace(/\\s+/g, " ").trim(); }"""
    )


def focus_is_in(page, selector: str) -> bool:
    return page.evaluate(
        "(sel) => { const el = document.activeElement; return !!(el && el.closest(sel)); }",
        selector,
    )


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never got the focus by {key}")


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ["violations"]});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " + n.failureSummary)}));
        }"""
    )
    return result


@contextmanager
def axe_context(browser, *, locale: str, viewport: dict, timezone_id: str = "Asia/Tokyo"):
    """A browser context for axe runs only: CSP bypassed so axe.min.js can be injected."""
    watch = PageWatch()
    context = browser.new_context(
        viewport=viewport, locale=locale, timezone_id=timezone_id, bypass_csp=True
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route("**/*", lambda route: _keep_local(route, watch))
    try:
        yield context
    finally:
        context.close()
