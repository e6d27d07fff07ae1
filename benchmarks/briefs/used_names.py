"""Write the lists that ``claim.sh`` refuses, into ROUND: ``used_full.txt`` (every
``owner/name`` a set used or a report names) and ``used_names.txt`` (their names alone,
and the package sets' distributions), all in lower case.

Sources: ``data/sites.txt``, every case file of ``data`` and of ``../shared/realworld``,
the repositories that ``../shared/realworld/README.md`` reserves for measurement, and
every ``owner/name`` in the sets' reports (dropped and claimed repositories stay claimed).
``python benchmarks/briefs/used_names.py ROUND``
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
SHARED = HERE.parents[2] / "shared" / "realworld"
OWNER_NAME = re.compile(r"\b([A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9][\w.-]{0,99})\b")


def used(data: Path, shared: Path) -> tuple[set[str], set[str]]:
    repositories: set[str] = set()
    packages: set[str] = set()
    for line in (data / "sites.txt").read_text().splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[1] == "repository":
            repositories.add(fields[3].lower())
        elif len(fields) >= 4 and fields[1] == "packages":
            packages.update(re.split(r"[=<>\[]", f)[0].lower().replace("_", "-")
                            for f in fields[3:] if not f.startswith("!"))
    for cases in [*data.glob("*.json"), shared / "cases.json"]:
        try:
            loaded = json.loads(cases.read_text())
        except (OSError, ValueError):
            continue
        for case in loaded if isinstance(loaded, list) else []:
            if isinstance(case, dict) and "/" in str(case.get("repo", "")):
                repositories.add(case["repo"].lower())
    readme = (shared / "README.md").read_text()
    reserved = readme.partition("Reserved for measurement")[2]
    repositories.update(m.lower().rstrip(".,") for m in OWNER_NAME.findall(reserved))
    packages.update(
        name.strip(" .").lower()
        for line in reserved.splitlines() if "packages:" in line
        for name in line.partition("packages:")[2].split(",")
    )
    for report in data.glob("*.md"):
        for match in OWNER_NAME.findall(report.read_text()):
            if ".py" not in match:
                repositories.add(match.lower().rstrip("."))
    # A report's names count too: a claimed repository that moved to another owner
    # (InstituteforDiseaseModeling/starsim, now starsimhub/starsim) is the same one.
    named = {r.split("/")[1] for r in repositories} | packages
    return repositories, {n for n in named if re.search("[a-z]", n)}


def main() -> None:
    round_folder = Path(sys.argv[1])
    repositories, names = used(DATA, SHARED)
    (round_folder / "used_full.txt").write_text("".join(f"{r}\n" for r in sorted(repositories)))
    (round_folder / "used_names.txt").write_text("".join(f"{n}\n" for n in sorted(names)))
    print(f"{len(repositories)} repositories, {len(names)} names")


if __name__ == "__main__":
    main()
