"""The look of the learner pages: one stylesheet shared by every page builder.

The Voila template (``share/jupyter/voila/templates/caserate``) sets the base:
18px type, the page colours and the focus ring. This sheet styles what the
page builders draw: the top bar, headings, panels, notices, buttons, the
lesson table and the glossary. Colours meet WCAG 2.1 AA contrast on their
backgrounds. Everything works offline: system fonts only.

Every rule sits under ``.ck-page``, the root of each page's HTML. JupyterLab
styles the HTML of notebook outputs with its own rules (tables right-aligned
and striped, links without underline, floated definition lists), so
:func:`style_tag` writes the root class twice (``.ck-page.ck-page``), which
makes each rule more specific than JupyterLab's without ``!important``.
"""

from __future__ import annotations

import re

__all__ = ["PAGE_CSS", "style_tag"]

PAGE_CSS = """
.ck-page {
  --ck-ink: #1b1f24; --ck-muted: #4a5563; --ck-line: #d3dae3; --ck-card: #ffffff;
  --ck-navy: #163052; --ck-link: #0b57a4; --ck-focus: #1a5fb4; --ck-soft: #eef2f7;
  color: var(--ck-ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.125rem;
  line-height: 1.6;
  max-width: 66rem;
  margin: 0 auto;
}
.ck-page *, .ck-page *::before, .ck-page *::after { box-sizing: border-box; }
.ck-page a:link, .ck-page a:visited { color: var(--ck-link); text-decoration: underline;
  text-underline-offset: 0.15em; }
.ck-page a:hover { text-decoration: underline; text-decoration-thickness: 2px; }
.ck-page a:focus-visible { outline: 3px solid var(--ck-focus); outline-offset: 2px; }
.ck-page p { margin: 0 0 1rem; max-width: 48rem; text-align: left; }
.ck-page ul, .ck-page ol { margin: 0 0 1rem; max-width: 48rem; padding-left: 1.5rem; }
.ck-page li { margin-bottom: 0.35rem; }
.ck-page dl, .ck-page dt, .ck-page dd { float: none; width: auto; padding: 0; }
.ck-page strong { font-weight: 700; }
.ck-page .ck-visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

.ck-page .ck-top {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem;
  background: var(--ck-navy); color: #ffffff;
  border-radius: 12px; padding: 0.75rem 1.25rem; margin: 0 0 2rem;
}
.ck-page .ck-brand { font-weight: 700; font-size: 1.125rem; margin: 0; letter-spacing: 0.01em;
  color: #ffffff; }
.ck-page .ck-top ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none;
  margin: 0; padding: 0; }
.ck-page .ck-top li { margin: 0; }
.ck-page .ck-top a:link, .ck-page .ck-top a:visited { color: #ffffff; font-weight: 600; }
.ck-page .ck-top a[aria-current="page"] { text-decoration-thickness: 3px; }
.ck-page .ck-top a:focus-visible { outline-color: #ffd447; }
.ck-page .ck-who { margin: 0 0 0 auto; font-size: 1rem; color: #e6ecf5; }
.ck-page .ck-who strong { color: #ffffff; }

.ck-page h1, .ck-page h2, .ck-page h3 { color: var(--ck-navy); font-weight: 700;
  font-style: normal; }
.ck-page h1 { font-size: 2.25rem; line-height: 1.2; margin: 0 0 0.75rem; }
.ck-page h1:focus { outline: none; }
.ck-page h2 { font-size: 1.5rem; line-height: 1.3; margin: 2.25rem 0 0.75rem; }
.ck-page h3 { font-size: 1.25rem; line-height: 1.35; margin: 1.5rem 0 0.5rem; }
.ck-page .ck-lead { font-size: 1.25rem; color: var(--ck-muted); max-width: 46rem; }

.ck-page .ck-panel { background: var(--ck-card); border: 1px solid var(--ck-line);
  border-radius: 12px; padding: 1.5rem 1.75rem; margin: 0 0 1.5rem; }
.ck-page .ck-panel > :first-child, .ck-page .ck-notice > :first-child { margin-top: 0; }
.ck-page .ck-panel > :last-child, .ck-page .ck-notice > :last-child { margin-bottom: 0; }
.ck-page .ck-notice { border-left: 6px solid var(--ck-link); background: #eef4fb;
  border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1.5rem; }
.ck-page .ck-notice h2 { font-size: 1.25rem; margin-top: 0; }
.ck-page .ck-notice-success { border-left-color: #1e7b43; background: #e9f6ee; }
.ck-page .ck-notice-warning { border-left-color: #a15c00; background: #fff6e5; }
.ck-page .ck-notice-error { border-left-color: #b42318; background: #fdeeed; }

.ck-page a.ck-button:link, .ck-page a.ck-button:visited {
  display: inline-block; background: var(--ck-navy); color: #ffffff; font-weight: 600;
  text-decoration: none; border-radius: 8px; padding: 0.7rem 1.3rem; min-height: 48px;
  line-height: 1.5;
}
.ck-page a.ck-button:hover { background: #0e2240; text-decoration: underline; }
.ck-page .ck-actions { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem;
  align-items: center; margin: 1.5rem 0 0; padding: 0; list-style: none; }
.ck-page .ck-actions li { margin: 0; }
.ck-page .ck-steps { padding-left: 1.75rem; }
.ck-page .ck-steps li { margin-bottom: 0.6rem; }

.ck-page .ck-facts { display: grid; grid-template-columns: max-content 1fr;
  gap: 0.4rem 1.5rem; margin: 0 0 1.5rem; }
.ck-page .ck-facts dt { font-weight: 600; color: var(--ck-muted); margin: 0; }
.ck-page .ck-facts dd { margin: 0; }
.ck-page .ck-code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 1.25rem; font-weight: 700; letter-spacing: 0.08em; color: var(--ck-navy);
  background: var(--ck-soft); padding: 0.25rem 0.6rem; border-radius: 6px; }

.ck-page .ck-table { width: 100%; border-collapse: collapse; table-layout: auto;
  background: var(--ck-card); border: 1px solid var(--ck-line); margin: 0 0 1.5rem;
  color: var(--ck-ink); font-size: 1rem; }
.ck-page .ck-table caption { text-align: left; font-weight: 600; color: var(--ck-muted);
  padding: 0 0 0.5rem; font-size: 1rem; }
.ck-page .ck-table th, .ck-page .ck-table td { text-align: left; vertical-align: top;
  padding: 0.9rem 1rem; line-height: 1.5; border: 0; border-bottom: 1px solid var(--ck-line); }
.ck-page .ck-table tbody tr, .ck-page .ck-table tbody tr:nth-child(odd),
.ck-page .ck-table tbody tr:nth-child(even), .ck-page .ck-table tbody tr:hover {
  background: var(--ck-card); }
.ck-page .ck-table thead th { background: var(--ck-soft); color: var(--ck-navy);
  font-size: 0.95rem; font-weight: 700; vertical-align: bottom; }
.ck-page .ck-table tbody tr:last-child > * { border-bottom: 0; }
.ck-page .ck-table tbody th { font-weight: 600; min-width: 14rem; }
.ck-page .ck-table tbody th a { font-size: 1.0625rem; }
.ck-page .ck-num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.ck-page .ck-small { display: block; font-weight: 400; color: var(--ck-muted);
  font-size: 0.95rem; margin-top: 0.2rem; }
.ck-page .ck-links { list-style: none; margin: 0; padding: 0; }
.ck-page .ck-links li { margin: 0 0 0.3rem; white-space: nowrap; }
.ck-page .ck-next { font-weight: 700; }
.ck-page .ck-status { display: inline-block; border-radius: 999px; padding: 0.15rem 0.75rem;
  font-size: 0.95rem; font-weight: 600; white-space: nowrap; }
.ck-page .ck-status-not-started { background: #eef1f4; color: #3b4450; }
.ck-page .ck-status-in-progress { background: #fff2cc; color: #6b4700; }
.ck-page .ck-status-passed { background: #e3f4ea; color: #155d33; }
.ck-page .ck-status-certificate-ready { background: #dfe9f7; color: #163052; }

.ck-page .ck-glossary-letters { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem;
  list-style: none; padding: 0; margin: 0 0 1.5rem; max-width: none; }
.ck-page .ck-glossary-letters li { margin: 0; }
.ck-page .ck-glossary-letters a:link, .ck-page .ck-glossary-letters a:visited {
  display: inline-block; min-width: 2.5rem; min-height: 2.5rem; line-height: 2.5rem;
  text-align: center; font-weight: 700; border: 1px solid var(--ck-line); border-radius: 6px;
  text-decoration: none; }
.ck-page .ck-glossary-letters a:hover { background: var(--ck-soft); }
.ck-page .ck-glossary { margin: 0 0 1rem; }
.ck-page .ck-glossary dt { display: block; font-weight: 700; font-size: 1.1875rem;
  margin: 1.25rem 0 0; }
.ck-page .ck-glossary dt dfn { font-style: normal; }
.ck-page .ck-glossary dd { display: block; margin: 0.25rem 0 0; max-width: 46rem; }
.ck-page .ck-glossary .ck-small { display: inline; }

.ck-page .ck-footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--ck-line);
  color: var(--ck-muted); font-size: 1rem; }
.ck-page .ck-footer a:link, .ck-page .ck-footer a:visited { color: var(--ck-muted); }

@media (max-width: 720px) {
  .ck-page .ck-table, .ck-page .ck-table thead, .ck-page .ck-table tbody, .ck-page .ck-table tr,
  .ck-page .ck-table th, .ck-page .ck-table td { display: block; width: auto; }
  .ck-page .ck-table caption { display: block; padding: 0.75rem 1rem 0.25rem; }
  .ck-page .ck-table thead tr { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  .ck-page .ck-table tbody tr { border-bottom: 1px solid var(--ck-line); padding: 0.5rem 0; }
  .ck-page .ck-table tbody th, .ck-page .ck-table td { border: 0; padding: 0.35rem 1rem; }
  .ck-page .ck-table td[data-label]::before { content: attr(data-label) ": "; font-weight: 600;
    color: var(--ck-muted); }
  .ck-page .ck-table tbody th { min-width: 0; }
  .ck-page .ck-links li { display: inline-block; margin-right: 1rem; }
}
@media (max-width: 480px) {
  .ck-page h1 { font-size: 1.875rem; }
  .ck-page .ck-panel { padding: 1.25rem; }
  .ck-page .ck-who { margin-left: 0; }
  .ck-page .ck-facts { grid-template-columns: 1fr; gap: 0.1rem; }
  .ck-page .ck-facts dd { margin-bottom: 0.5rem; }
}
"""
"""The stylesheet, every rule under ``.ck-page``."""

_WIDGET_CSS = """
.ck-main .pt-root { margin-left: 0; }
"""
"""Lines up the post-test widget with the page's left edge (under the Voila template)."""

_ROOT = re.compile(r"\.ck-page(?![\w-])")


def style_tag() -> str:
    """The page stylesheet as a ``<style>`` element, to open a page's HTML."""
    return f"<style>{_ROOT.sub('.ck-page.ck-page', PAGE_CSS)}{_WIDGET_CSS}</style>"
