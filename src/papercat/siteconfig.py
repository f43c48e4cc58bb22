"""What papercat needs from mkdocs.yml, read with MkDocs' own loader so the file means what it means to MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import PapercatError


@dataclass
class SiteConfig:
    """What page generation needs from mkdocs.yml."""

    site_name: str = "papercat"
    repo_url: str = ""
    docs_dir: Path = Path("docs")
    site_dir: Path = Path("site")
    directory_urls: bool = True
    config_file: Path = Path("mkdocs.yml")
    """The file these settings were read from, for messages."""
    site_url: str = ""
    """The site's absolute address, normalised to end in `/`; empty when unset (then no feeds are made)."""
    related: int = 5
    """Related papers listed on each paper page (`extra: papercat: related: N`); 0 lists none."""


def read_site_config(config_file: Path) -> SiteConfig:
    """site_name, repo_url, docs_dir, site_dir, use_directory_urls and papercat's extra settings from mkdocs.yml.

    MkDocs' loader reads `!ENV` and `INHERIT` as MkDocs does, over a safe base: a Python tag (or
    `!relative`, which needs a whole MkDocs config) is read as nothing, and never runs code.
    """
    import yaml
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    class _Safe(yaml.SafeLoader):
        pass

    _Safe.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with config_file.open("rb") as fh:
            data = yaml_load(fh, get_yaml_loader(_Safe))
    except FileNotFoundError:
        raise PapercatError(f"no {config_file}", hint="run papercat from the project folder, or pass -f") from None
    except ConfigurationError as exc:
        cause = exc.__context__
        message = f"invalid YAML: {cause}" if isinstance(cause, yaml.YAMLError) else str(exc)
        raise PapercatError(f"{config_file}: {message}", hint="fix mkdocs.yml") from None
    base = config_file.parent
    return SiteConfig(
        site_name=str(data.get("site_name") or "papercat"),
        repo_url=str(data.get("repo_url") or ""),
        docs_dir=base / str(data.get("docs_dir") or "docs"),
        site_dir=base / str(data.get("site_dir") or "site"),
        directory_urls=data.get("use_directory_urls", True) is not False,
        config_file=config_file,
        site_url=_site_url(data.get("site_url")),
        related=related_count(data, config_file),
    )


def related_count(data: dict, config_file: Path) -> int:
    """`extra: papercat: related:` as a count of papers, 5 when not set."""
    extra = data.get("extra")
    papercat = extra.get("papercat") if isinstance(extra, dict) else None
    value = papercat.get("related", SiteConfig.related) if isinstance(papercat, dict) else SiteConfig.related
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise PapercatError(
            f"extra: papercat: related: {value!r} is not a count of papers",
            path=str(config_file),
            hint="give a whole number from 0 (no related papers) to 100",
        )
    return value


def _site_url(value: object) -> str:
    """site_url ending in `/` (feeds join page paths to it), or "" when unset or not a string."""
    url = value.strip() if isinstance(value, str) else ""
    return url if not url or url.endswith("/") else url + "/"
