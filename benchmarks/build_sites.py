"""Build again the folders that the labelled scans are scored on, from ``data/sites.txt``.

Each label file of ``benchmarks/data`` names paths relative to a folder (SITE) that held the
labelled code when it was labelled: packages installed from the index, or applications at a
commit. ``/tmp`` does not outlive a machine, so this script makes each SITE again from the
one list of what went into it, so that anyone can score and refit on a new machine:

- ``SET packages GROUP REQUIREMENT... [!EXCLUDED...]``: a venv per group (``pip install
  --no-deps``, the pinned versions the set was labelled on), then every top-level entry of
  its site-packages that a label row's path starts with, copied into SITE, without the
  paths after ``!`` (relative to site-packages: a package's vendored copies of others);
- ``SET repository FOLDER OWNER/NAME COMMIT [EXCLUDED...]``: the files of COMMIT in the
  fetched repository (``MIRRORS/OWNER+NAME``), written into ``SITE/FOLDER``, without the
  excluded paths (vendored copies of other projects, deleted before labelling; ``*`` in
  one matches any characters, so that 222 generated files are one entry) and without
  files the snapshot lacks (the set's ``.md`` names those), with an empty ``.git`` folder:
  the project marker of the checkout a user lints, so that the tool takes the repository
  as the project. Without it, a repository with no ``pyproject.toml``, ``setup.cfg`` or
  ``setup.py`` at its top is cut at its outermost package, and a decorator that only the
  plugins beside that package apply is judged without them (Ultroid's ``ultroid_cmd``).

SITE is ``INTO/SET``: score with ``score_blind.py INTO/SET data/blind_labels_SET.csv``, fit
with ``fit_decision.py --scan data/blind_labels_SET.csv=INTO/SET``. Repositories are not
fetched here: the script lists the ones missing from MIRRORS and stops, or with
``--skip-absent`` builds the others and says which labelled paths each set lacks (``fetch``
looks up only so many new repositories a session: stop 72 got about 420 of 1,606).

``python benchmarks/build_sites.py --into /tmp/sites [--mirrors DIR] [--skip-absent] [SET ...]``
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import venv
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

#: The label files whose paths each set's SITE resolves.
LABELS = {
    "wild2": ["wild2_labels.csv"],
    "unseen2": ["unseen2_labels.csv"],
    "d": ["blind_labels_d.csv", "blind_labels_d_sympy_findings.csv"],
    **{letter: [f"blind_labels_{letter}.csv"] for letter in "efghijklmnopqrstuvz"},
    "w": ["blind_labels_w.csv", "blind_labels_w_calls.csv"],
    "x": ["blind_labels_x.csv", "blind_labels_x_calls.csv"],
    "y": ["blind_labels_y.csv", "blind_labels_y_calls.csv"],
    "aa": ["blind_labels_aa.csv"],
    "ab": ["blind_labels_ab.csv"],
    "ac": ["blind_labels_ac.csv"],
    "ad": ["blind_labels_ad.csv"],
    "ae": ["blind_labels_ae.csv"],
    "af": ["blind_labels_af.csv"],
    "ag": ["blind_labels_ag.csv"],
    "ah": ["blind_labels_ah.csv"],
    "ai": ["blind_labels_ai.csv"],
    "aj": ["blind_labels_aj.csv"],
    "ak": ["blind_labels_ak.csv"],
    "al": ["blind_labels_al.csv"],
    "am": ["blind_labels_am.csv"],
    "an": ["blind_labels_an.csv"],
    "ao": ["blind_labels_ao.csv"],
    "ap": ["blind_labels_ap.csv"],
    "aq": ["blind_labels_aq.csv"],
    "ar": ["blind_labels_ar.csv"],
    "as": ["blind_labels_as.csv"],
    "at": ["blind_labels_at.csv"],
    "au": ["blind_labels_au.csv"],
    "av": ["blind_labels_av.csv"],
    "aw": ["blind_labels_aw.csv"],
    "ax": ["blind_labels_ax.csv"],
    "ay": ["blind_labels_ay.csv"],
    "az": ["blind_labels_az.csv"],
    "ba": ["blind_labels_ba.csv"],
    "bb": ["blind_labels_bb.csv"],
    "bc": ["blind_labels_bc.csv"],
    "bd": ["blind_labels_bd.csv"],
    "be": ["blind_labels_be.csv"],
    "bf": ["blind_labels_bf.csv"],
    "bg": ["blind_labels_bg.csv"],
    "bh": ["blind_labels_bh.csv"],
    "bi": ["blind_labels_bi.csv"],
    "bj": ["blind_labels_bj.csv"],
    "bk": ["blind_labels_bk.csv"],
    "bl": ["blind_labels_bl.csv"],
    "bm": ["blind_labels_bm.csv"],
    "bn": ["blind_labels_bn.csv"],
    "bo": ["blind_labels_bo.csv"],
    "bp": ["blind_labels_bp.csv"],
    "bq": ["blind_labels_bq.csv"],
    "br": ["blind_labels_br.csv"],
    "bs": ["blind_labels_bs.csv"],
    "bt": ["blind_labels_bt.csv"],
    "bu": ["blind_labels_bu.csv"],
    "bw": ["blind_labels_bw.csv"],
    "bx": ["blind_labels_bx.csv"],
    "by": ["blind_labels_by.csv"],
    "bz": ["blind_labels_bz.csv"],
    "cc": ["blind_labels_cc.csv"],
    "ce": ["blind_labels_ce.csv"],
    "cg": ["blind_labels_cg.csv"],
    "ci": ["blind_labels_ci.csv"],
    "ck": ["blind_labels_ck.csv"],
    "cm": ["blind_labels_cm.csv"],
    "co": ["blind_labels_co.csv"],
    "cq": ["blind_labels_cq.csv"],
    "cs": ["blind_labels_cs.csv"],
    "cu": ["blind_labels_cu.csv"],
    "cw": ["blind_labels_cw.csv"],
    "cy": ["blind_labels_cy.csv"],
    "cz": ["blind_labels_cz.csv"],
    "da": ["blind_labels_da.csv"],
    "db": ["blind_labels_db.csv"],
    "dc": ["blind_labels_dc.csv"],
    "dd": ["blind_labels_dd.csv"],
    "de": ["blind_labels_de.csv"],
    "df": ["blind_labels_df.csv"],
    "dg": ["blind_labels_dg.csv"],
    "dh": ["blind_labels_dh.csv"],
    "di": ["blind_labels_di.csv"],
    "dj": ["blind_labels_dj.csv"],
    "dk": ["blind_labels_dk.csv"],
    "dl": ["blind_labels_dl.csv"],
    "dm": ["blind_labels_dm.csv"],
    "dn": ["blind_labels_dn.csv"],
    "do": ["blind_labels_do.csv"],
    "dp": ["blind_labels_dp.csv"],
    "dq": ["blind_labels_dq.csv"],
    "dr": ["blind_labels_dr.csv"],
    "ds": ["blind_labels_ds.csv"],
    "dt": ["blind_labels_dt.csv"],
    "du": ["blind_labels_du.csv"],
    "dv": ["blind_labels_dv.csv"],
    "dw": ["blind_labels_dw.csv"],
    "dx": ["blind_labels_dx.csv"],
    "dy": ["blind_labels_dy.csv"],
    "dz": ["blind_labels_dz.csv"],
    "ea": ["blind_labels_ea.csv"],
    "eb": ["blind_labels_eb.csv"],
    "ec": ["blind_labels_ec.csv"],
    "ed": ["blind_labels_ed.csv"],
    "ee": ["blind_labels_ee.csv"],
    "ef": ["blind_labels_ef.csv"],
    "eg": ["blind_labels_eg.csv"],
    "eh": ["blind_labels_eh.csv"],
    "ei": ["blind_labels_ei.csv"],
    "ej": ["blind_labels_ej.csv"],
}


def label_paths(set_name: str) -> list[str]:
    paths: list[str] = []
    for name in LABELS[set_name]:
        with (DATA / name).open() as handle:
            rows = csv.DictReader(line for line in handle if not line.startswith("#"))
            paths.extend(row["path"] for row in rows)
    return paths


def git_dir(mirrors: Path, repository: str) -> Optional[Path]:
    folder = mirrors / repository.replace("/", "+", 1) / "repo"
    for candidate in (folder / ".git", folder):
        if (candidate / "objects").is_dir():
            return candidate
    return None


def write_commit(
    git: Path,
    commit: str,
    dest: Path,
    excluded: list[str],
    wanted: Callable[[str], bool] = lambda path: True,
) -> list[str]:
    """Write the blobs of ``commit`` under ``dest`` (those whose path is ``wanted``); the
    paths the snapshot lacks. A partial snapshot lacks some large blobs: they are listed,
    never a reason to write nothing (``git archive`` of the commit fails on them)."""
    command = ["git", f"--git-dir={git}"]
    listing = subprocess.run(
        [*command, "ls-tree", "-r", "-z", commit], capture_output=True, check=True
    ).stdout.decode("utf-8", "surrogateescape")
    blobs = []
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        mode, kind, oid = meta.split()
        if kind != "blob":  # a submodule: not part of the commit's files
            continue
        if any(
            path == x or path.startswith(x.rstrip("/") + "/") or "*" in x and fnmatchcase(path, x)
            for x in excluded
        ):
            continue
        if not wanted(path):
            continue
        blobs.append((oid, path, mode == "120000"))
    missing = []
    with subprocess.Popen(
        [*command, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as batch:
        assert batch.stdin is not None and batch.stdout is not None
        for oid, path, is_link in blobs:
            batch.stdin.write(f"{oid}\n".encode())
            batch.stdin.flush()
            header = batch.stdout.readline().split()
            if header[-1] == b"missing":
                missing.append(path)
                continue
            content = batch.stdout.read(int(header[2]))
            batch.stdout.read(1)
            target = dest / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if is_link:
                target.symlink_to(content.decode("utf-8", "surrogateescape"))
            else:
                target.write_bytes(content)
        batch.stdin.close()
    return missing


def build_packages(
    into: Path, set_name: str, group: str, requirements: list[str], wanted: set[str]
) -> None:
    excluded = [field[1:] for field in requirements if field.startswith("!")]
    requirements = [field for field in requirements if not field.startswith("!")]
    environment = into / "venvs" / group
    if not (environment / "bin" / "pip").exists():
        venv.create(environment, with_pip=True)
    subprocess.run(
        [str(environment / "bin" / "pip"), "install", "--quiet", "--no-deps", *requirements],
        check=True,
    )
    (site_packages,) = environment.glob("lib/python3*/site-packages")
    site = into / set_name
    site.mkdir(parents=True, exist_ok=True)
    for name in sorted(wanted):
        source = site_packages / name
        if source.is_dir() and not (site / name).exists():
            shutil.copytree(source, site / name)
        elif source.is_file():
            shutil.copy2(source, site / name)
    for path in excluded:
        target = site / path
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--into", type=Path, required=True, help="one folder per set in it")
    parser.add_argument("--mirrors", type=Path, default=HERE.parent.parent / ".mirror")
    parser.add_argument(
        "--skip-absent", action="store_true",
        help="build the repositories that MIRRORS has, leave out the others",
    )
    parser.add_argument("sets", nargs="*", help="the sets to build (default: all)")
    arguments = parser.parse_args()
    lines = [
        line.split()
        for line in (DATA / "sites.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    chosen = set(arguments.sets) or {fields[0] for fields in lines}
    lines = [fields for fields in lines if fields[0] in chosen]
    absent = sorted(
        fields[3]
        for fields in lines
        if fields[1] == "repository" and git_dir(arguments.mirrors, fields[3]) is None
    )
    if absent and not arguments.skip_absent:
        sys.exit("fetch these first (github:OWNER/NAME):\n" + "\n".join(absent))
    if absent:
        print(f"left out, not under {arguments.mirrors}: {len(absent)} repositories")
        lines = [fields for fields in lines if fields[1] != "repository" or fields[3] not in absent]
    for set_name in sorted(chosen):
        wanted = {path.split("/", 1)[0] for path in label_paths(set_name)}
        for fields in (f for f in lines if f[0] == set_name):
            if fields[1] == "packages":
                build_packages(arguments.into, set_name, fields[2], fields[3:], wanted)
                continue
            folder, repository, commit, excluded = fields[2], fields[3], fields[4], fields[5:]
            dest = arguments.into / set_name / folder
            if dest.exists():
                shutil.rmtree(dest)
            dest.mkdir(parents=True)
            git = git_dir(arguments.mirrors, repository)
            assert git is not None
            missing = write_commit(git, commit, dest, excluded)
            (dest / ".git").mkdir(exist_ok=True)
            if missing:
                print(f"{set_name} {folder}: {len(missing)} files not in the snapshot")
        paths = label_paths(set_name)
        found = sum((arguments.into / set_name / path).exists() for path in paths)
        print(f"{set_name}: {found} of {len(paths)} labelled paths are there")


if __name__ == "__main__":
    main()
