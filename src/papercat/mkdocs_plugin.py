"""MkDocs plugin `papercat`: a generated page edits its real source (paper YAML, tags.yml) or shows no edit button.

Registered as an entry point (`plugins: [papercat]` in mkdocs.yml), MkDocs' public extension API; it only
reads the `edit_url` front matter that papercat writes into each generated page.
"""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import BasePlugin


class EditUrlPlugin(BasePlugin):  # type: ignore[type-arg]
    """Sets each page's edit link from its `edit_url` front matter, when it has one."""

    def on_page_markdown(self, markdown: str, page: Any, **_: Any) -> str:
        if "edit_url" in page.meta:
            page.edit_url = page.meta["edit_url"] or None
        return markdown
