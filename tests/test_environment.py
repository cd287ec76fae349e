"""Do pip (pyproject.toml) and conda/Binder (environment.yml) install the same packages?"""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(.*)$")
# PyPI names whose conda-forge package is named differently. Extras such as
# psycopg[binary] are pip's way of bundling libpq; conda-forge's psycopg has it.
CONDA_NAMES: dict[str, str] = {}
# Packages only PyPI has (the certificate's CJK font): environment.yml installs
# them in its pip section.
PIP_ONLY = {"cvttf-notosanscjk-regular"}


def split(requirement: str) -> tuple[str, str]:
    match = NAME.match(requirement)
    assert match, requirement
    name, spec = match.groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pairs = (split(req) for req in project["dependencies"])
    return {CONDA_NAMES.get(name, name): spec for name, spec in pairs}


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def conda_requirements() -> dict[str, str]:
    deps = [d for d in environment()["dependencies"] if isinstance(d, str)]
    pairs = dict(split(d.replace("=", "==", 1) if re.match(r"^python=\d", d) else d) for d in deps)
    pairs.pop("python", None)
    pairs.pop("pip", None)
    return pairs


def pip_section() -> list[str]:
    sections = [d["pip"] for d in environment()["dependencies"] if isinstance(d, dict)]
    assert len(sections) == 1
    return sections[0]


def test_environment_lists_the_same_packages_and_versions_as_pyproject():
    """Does environment.yml ask for exactly pyproject's packages, with the same bounds?"""
    from_pip = dict(split(d) for d in pip_section() if d != "-e .")
    assert set(from_pip) == PIP_ONLY
    assert {**conda_requirements(), **from_pip} == pyproject_requirements()


def test_environment_installs_the_project_through_pip():
    """Does environment.yml install the project itself, so `import caserate_kit` works?"""
    assert pip_section()[-1] == "-e ."


def test_environment_uses_conda_forge_and_python_3_11():
    """Is the conda environment on conda-forge with Python 3.11, as pyproject allows?"""
    env = environment()
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
