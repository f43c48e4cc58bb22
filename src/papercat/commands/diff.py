"""`papercat diff`: the Markdown summary of what changes in the catalogue between two git revisions."""

from __future__ import annotations

from ..files import Layout
from ..gitrev import snapshot_at, snapshot_worktree
from ..summary import diff_catalogues, render_summary


def run_diff(layout: Layout, base: str, head: str | None) -> str:
    """The Markdown summary of what changes in the catalogue between two revisions (head: the working tree)."""
    before = snapshot_at(layout, base)
    after = snapshot_at(layout, head) if head else snapshot_worktree(layout)
    return render_summary(diff_catalogues(before, after), base, head or "working tree")
