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


def read_site_config(config_file: Path) -> SiteConfig:
    """site_name, repo_url, docs_dir, site_dir and use_directory_urls from mkdocs.yml.

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
    )
