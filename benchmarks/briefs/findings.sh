#!/bin/bash
# findings.sh FOLDER: the locations to label in one checkout folder, PATH:LINE one a line,
# relative to the folder's parent: what the frozen install reports (every decision code,
# WRP007 included) and what the crude net lists, merged, without saying which is which.
set -e
round=${ROUND:-$(cd "$(dirname "$0")" && pwd)}
dir=$(cd "$1" && pwd)
[ -d "$dir/.git" ] || { echo "findings.sh: $dir has no .git folder; mkdir it first"; exit 2; }
cd "$(dirname "$dir")"
base=$(basename "$dir")
{
    "$round/venv/bin/flake8-wraps" check --isolated --no-cache --format json --select WRP \
        "$base" 2>/dev/null | python3 "$round/locations.py" tool
    python3 "$round/src/benchmarks/recall_candidates.py" --classes --through-calls "$base" \
        2>/dev/null | python3 "$round/locations.py" net
} | sed 's#^\./##' | sort -t: -k1,1 -k2,2n -u
