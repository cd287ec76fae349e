"""Walking a page's widget tree the way the page sees it (shared by the exercise tests)."""

import ipywidgets


def widgets_under(root):
    """Every widget reachable from ``root`` through its synced traits."""
    seen, todo, found = set(), [root], []
    while todo:
        widget = todo.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        found.append(widget)
        for name in widget.keys:
            value = getattr(widget, name)
            items = value if isinstance(value, tuple | list) else [value]
            todo += [item for item in items if isinstance(item, ipywidgets.Widget)]
    return found
