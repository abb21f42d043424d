"""WCAG 2.2 AA checks that axe-core cannot make, run inside a real page.

Each function takes a Playwright page (already loaded) and returns the
problems it finds, as sentences a reviewer can act on; an empty list means
the page passes. They measure what a visitor meets:

- `focus_obscured`: every keyboard stop, reached going forwards and
  backwards, is on screen and not covered by the sticky header or anything
  else (2.4.11 Focus Not Obscured; the check is the stricter 2.4.12: no part
  hidden).
- `small_targets`: links and buttons under 24 by 24 CSS pixels that are not
  in a sentence and not spaced as 2.5.8 Target Size (Minimum) allows.
- `text_spacing_losses`: with the text-spacing bookmarklet's overrides
  (1.4.12), containers that clip their content and lines of text that
  overlap.
- `reflow_overflow`: text that runs off a 320-pixel-wide viewport, or a page
  that scrolls sideways (1.4.10).
- `keyboard_walk`: every visible control reached with the Tab key, each
  showing a focus indicator that differs from its unfocused look (2.1.1,
  2.4.7).
"""

from __future__ import annotations

import json
from typing import Any

TARGETS = ('a[href], button, input:not([type="hidden"]), select, textarea, summary, '
           '[tabindex]:not([tabindex="-1"])')
"""What a pointer or the keyboard can act on (labels count through their control)."""

TEXT_SPACING_CSS = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
                    " word-spacing: 0.16em !important; }"
                    " p { margin-bottom: 2em !important; }")
"""The 1.4.12 metrics, as the widely used text-spacing bookmarklet (Steve Faulkner's) applies them."""

REFLOW_VIEWPORT = {"width": 320, "height": 256}
"""1280 by 1024 pixels at 400% zoom."""

# Shared JavaScript: which targets are on screen, and what a hidden control shows instead.
_COMMON = """
  const SEL = __TARGETS__;
  const shownBox = e => {
    /* A control drawn by a label (Material's palette radios: the label after each radio) shows
       itself, and its focus, through that label. */
    if (e.matches('input') && e.id) {
      const r = e.getBoundingClientRect();
      if (r.width < 2 || r.height < 2 || getComputedStyle(e).opacity === '0') {
        const next = e.nextElementSibling;
        const labels = [next && next.matches('label') ? next : null,
                        document.querySelector(`label[for="${CSS.escape(e.id)}"]`)];
        const label = labels.find(l => l && l.checkVisibility());
        if (label) return label;
      }
    }
    return e;
  };
  const onScreen = e => {
    if (!e.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const docWidth = document.documentElement.clientWidth;
    /* Off-canvas (a closed drawer) or moved out of the page (a skip link until focused). */
    return r.right > 0 && r.left < docWidth && r.bottom + scrollY > 0;
  };
  /* Text for screen readers only: clipped to a pixel (the `wla-visually-hidden` pattern). */
  const hiddenText = n => {
    for (let p = n.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.position === 'absolute' && (s.clip !== 'auto' || s.clipPath !== 'none') && p.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  const describe = e => {
    const text = (e.textContent || e.getAttribute('aria-label') || e.title || '').trim().replace(/\\s+/g, ' ');
    const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
    return `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${cls}> "${text.slice(0, 40)}"`;
  };
""".replace("__TARGETS__", json.dumps(TARGETS))


def _run(page: Any, body: str, arg: Any = None) -> Any:
    return page.evaluate("(arg) => {" + _COMMON + body + "}", arg)


def settle(page: Any) -> None:
    """Wait two frames: Material resizes its sidebars from scroll events, a frame after the scroll."""
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# --- 2.4.11 focus not obscured ----------------------------------------------------------------

_FOCUS_STATE = """
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const box = shownBox(e);
  const rects = [...box.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  const r = rects[0] || box.getBoundingClientRect();
  const where = `${describe(e)} at y=${Math.round(r.top)}..${Math.round(r.bottom)}`;
  const header = document.querySelector('.md-header');
  if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth || r.width === 0) {
    return `${where}: focused but off screen (viewport height ${innerHeight})`;
  }
  /* The sticky header: what is drawn at each point of the box where the two overlap. Something
     drawn above the header (the skip link) is not under it. */
  if (header && !header.contains(e)) {
    const h = header.getBoundingClientRect();
    const top = Math.max(r.top, h.top), bottom = Math.min(r.bottom, h.bottom);
    const left = Math.max(r.left, h.left), right = Math.min(r.right, h.right);
    if (bottom - top > 0.5 && right - left > 0.5) {
      for (const fx of [0.1, 0.5, 0.9]) {
        for (const fy of [0.1, 0.5, 0.9]) {
          const hit = document.elementFromPoint(left + (right - left) * fx, top + (bottom - top) * fy);
          if (hit && header.contains(hit)) {
            return `${where}: under the sticky header (its bottom at y=${Math.round(h.bottom)})`;
          }
        }
      }
    }
  }
  /* Anything else on top (the back-to-top button, a drawer's overlay), at a few points of the box. */
  const points = [[0.5, 0.5], [0.1, 0.5], [0.9, 0.5]];
  for (const [fx, fy] of points) {
    const x = Math.min(innerWidth - 1, Math.max(0, r.left + r.width * fx));
    const y = Math.min(innerHeight - 1, Math.max(0, r.top + r.height * fy));
    const top = document.elementFromPoint(x, y);
    /* The map's regions touch their neighbours; a neighbour's shape is not content covering focus
       (the focused region's fill changes colour), and the list beside the map is the equal alternative. */
    const neighbour = top && e.closest('svg.wla-map') && top.closest('svg.wla-map');
    if (top && !neighbour && !(box.contains(top) || e.contains(top) || top.contains(box))) {
      return `${where}: covered by ${describe(top)}`;
    }
  }
  return '';
"""


def focus_obscured(page: Any, limit: int = 400) -> list[str]:
    """Tab forwards through the page, then Shift+Tab back: each stop must be fully in view."""
    problems: list[str] = []
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for key in ("Tab", "Shift+Tab"):
        stops = 0
        for _ in range(limit):
            page.keyboard.press(key)
            settle(page)
            state = _run(page, _FOCUS_STATE)
            if state is None:
                break
            stops += 1
            if state:
                problems.append(f"[{key}] {state}")
        else:
            problems.append(f"[{key}] focus never left the page after {limit} presses")
        if key == "Tab" and stops < 3:
            problems.append(f"only {stops} keyboard stops on the page: is the walk working?")
    return sorted(set(problems), key=problems.index)


# --- 2.5.8 target size ------------------------------------------------------------------------

_TARGET_SIZES = """
  /* A label is a target only for a control it stands in for; a label beside a visible control is
     part of that control's target, as clicking either does the same. */
  /* 2.5.8's "equivalent" exception: every region on the map is also a full-size link in the list beside it. */
  const all = [...new Set([...document.querySelectorAll(SEL)].filter(e => e.checkVisibility() && !e.closest('svg.wla-map')).map(shownBox))].filter(onScreen);
  const boxes = all.map(e => ({e, r: e.getBoundingClientRect()}));
  const small = b => b.r.width < 23.95 || b.r.height < 23.95;
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const distToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const blockOf = e => {
    let b = e.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline') && getComputedStyle(b).display !== 'inline-block') b = b.parentElement;
    return b;
  };
  /* The inline exception: a link in a sentence, its height set by the line of text around it. */
  const inSentence = e => {
    if (getComputedStyle(e).display !== 'inline') return false;
    const block = blockOf(e);
    if (!block) return false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let words = '';
    for (let n; (n = walker.nextNode());) {
      if (n.parentElement.closest(SEL) || hiddenText(n)) continue;
      words += ' ' + n.data;
    }
    return /[\\p{L}\\p{N}]{2,}/u.test(words);
  };
  const problems = [];
  for (const a of boxes) {
    if (!small(a) || inSentence(a.e)) continue;
    const c = centre(a.r);
    const clash = boxes.find(b => b !== a && !a.e.contains(b.e) && !b.e.contains(a.e) &&
      (distToRect(c, b.r) < 11.95 || (small(b) && Math.hypot(c[0] - centre(b.r)[0], c[1] - centre(b.r)[1]) < 23.95)));
    if (clash) {
      problems.push(`${describe(a.e)} is ${Math.round(a.r.width)}x${Math.round(a.r.height)} px and too close to ${describe(clash.e)}`);
    }
  }
  return {problems, counted: boxes.length};
"""


def small_targets(page: Any) -> tuple[list[str], int]:
    """Targets under 24 by 24 px that neither sit in a sentence nor have a clear 24-px circle; and how many targets were measured."""
    result = _run(page, _TARGET_SIZES)
    return result["problems"], result["counted"]


# --- 1.4.12 text spacing ----------------------------------------------------------------------

_SPACING_LOSSES = """
  const problems = [];
  const clipping = v => v === 'hidden' || v === 'clip';
  for (const e of document.body.querySelectorAll('*')) {
    if (!e.checkVisibility({visibilityProperty: true})) continue;
    const s = getComputedStyle(e);
    if (!clipping(s.overflowX) && !clipping(s.overflowY)) continue;
    const r = e.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2) continue;  /* visually hidden text, by design */
    if (!(e.innerText || '').trim()) continue;    /* clips no text (icons, images) */
    const lostY = clipping(s.overflowY) && e.scrollHeight > e.clientHeight + 1;
    const lostX = clipping(s.overflowX) && e.scrollWidth > e.clientWidth + 1 && s.textOverflow !== 'ellipsis';
    if (lostY || lostX) {
      problems.push(`${describe(e)} clips its text: content ${e.scrollWidth}x${e.scrollHeight} px in a box of ${e.clientWidth}x${e.clientHeight}`);
    }
  }
  /* Lines of text that run into one another. */
  const lines = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    if (!n.data.trim() || !n.parentElement.checkVisibility({opacityProperty: true, visibilityProperty: true}) || hiddenText(n)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width > 2 && r.height > 2) lines.push({n, r});
    }
  }
  lines.sort((a, b) => a.r.top - b.r.top);
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i];
    for (let j = i + 1; j < lines.length && lines[j].r.top < a.r.bottom; j++) {
      const b = lines[j];
      if (a.n === b.n) continue;
      const overlapX = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const overlapY = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (overlapX > 2 && overlapY > 2) {
        problems.push(`text "${a.n.data.trim().slice(0, 30)}" overlaps "${b.n.data.trim().slice(0, 30)}" (${describe(b.n.parentElement)})`);
      }
    }
  }
  return problems;
"""


def text_spacing_losses(page: Any) -> list[str]:
    """Apply the 1.4.12 overrides, then find text clipped by its container or overlapping other text."""
    page.add_style_tag(content=TEXT_SPACING_CSS)
    page.wait_for_timeout(50)
    return list(dict.fromkeys(_run(page, _SPACING_LOSSES)))


# --- 1.4.10 reflow ----------------------------------------------------------------------------

_REFLOW = """
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width}-px window`);
  if (document.body.scrollWidth > width + 1) problems.push(`the body is ${document.body.scrollWidth} px wide in a ${width}-px window`);
  /* <html> hides sideways overflow (Material), so look for text cut off at the right too. A data
     table or code block that scrolls within its own box is allowed (two-dimensional content). */
  const scrolls = e => { for (let p = e; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if ((o === 'auto' || o === 'scroll') && p !== document.documentElement && p !== document.body) return true; } return false; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    if (!n.data.trim() || !n.parentElement.checkVisibility({opacityProperty: true, visibilityProperty: true}) || hiddenText(n)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2) continue;
    if ((r.right > width + 1 || r.left < -1) && !scrolls(n.parentElement)) {
      problems.push(`text "${n.data.trim().slice(0, 40)}" runs from x=${Math.round(r.left)} to x=${Math.round(r.right)} (${describe(n.parentElement)})`);
    }
  }
  return problems;
"""


def reflow_overflow(page: Any) -> list[str]:
    """Text beyond the sides of the (320-pixel) viewport, and sideways scrolling."""
    return list(dict.fromkeys(_run(page, _REFLOW)))


# --- 2.1.1 keyboard and 2.4.7 focus visible ---------------------------------------------------

_MARK_TARGETS = """
  const shown = [...document.querySelectorAll(SEL)].filter(e => !e.disabled && e.checkVisibility() && onScreen(shownBox(e)));
  /* A group of radio buttons is one stop: Tab reaches the checked one, the arrow keys the rest. */
  const groups = {};
  shown.forEach((e, i) => {
    const key = e.matches('input[type="radio"][name]') ? 'radio:' + e.name : String(i);
    e.setAttribute('data-wla-target', groups[key] = groups[key] || String(i));
  });
  return shown.length;
"""

_LOOK = """
  const look = e => {
    const s = getComputedStyle(e);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    return {ring, style: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine].join('|')};
  };
"""

_LOOKS = _LOOK + """
  const looks = {};
  for (const e of document.querySelectorAll('[data-wla-target]')) {
    looks[e.getAttribute('data-wla-target')] = looks[e.getAttribute('data-wla-target')] || look(shownBox(e));
  }
  return looks;
"""

_FOCUSED = _LOOK + """
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  return {id: e.getAttribute('data-wla-target'), what: describe(e), ...look(shownBox(e))};
"""


def keyboard_walk(page: Any, limit: int = 500) -> list[str]:
    """Tab through the whole page: every visible control is reached and shows a focus indicator."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    count = _run(page, _MARK_TARGETS)
    resting = _run(page, _LOOKS)
    problems: list[str] = []
    reached: set[str] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = _run(page, _FOCUSED)
        if state is None:
            break
        if state["id"] is not None:
            if state["id"] in reached:
                break
            reached.add(state["id"])
        if not state["ring"] or (state["id"] is not None and resting[state["id"]]["style"] == state["style"]):
            problems.append(f"{state['what']} shows no focus indicator")
    missed = _run(page, "return [...document.querySelectorAll('[data-wla-target]')]"
                        ".filter(e => !arg.includes(e.getAttribute('data-wla-target'))).map(describe);",
                  sorted(reached))
    problems += [f"{what} cannot be reached with the Tab key" for what in missed]
    if count and not reached:
        problems.append("the Tab key reached nothing")
    return list(dict.fromkeys(problems))
