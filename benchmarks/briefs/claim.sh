#!/bin/bash
# claim.sh WHO OWNER/NAME: claim a repository for this round. Refuses one that an earlier
# set used (by owner/name, or by name alone: repositories move between owners) and one
# that another helper of this round claimed. ROUND defaults to this script's folder.
set -e
round=${ROUND:-$(cd "$(dirname "$0")" && pwd)}
who=$1
repo=$(echo "$2" | tr 'A-Z' 'a-z')
name=${repo#*/}
if [ -z "$who" ] || [[ "$repo" != */* ]]; then
    echo "usage: claim.sh WHO OWNER/NAME"; exit 2
fi
exec 9>"$round/claims.lock"
flock 9
if grep -qxF "$repo" "$round/used_full.txt" || grep -qxF "$name" "$round/used_names.txt"; then
    echo "REFUSED: $repo was used by an earlier set"; exit 1
fi
touch "$round/claims.txt"
if awk '{print $2}' "$round/claims.txt" | sed 's#.*/##' | grep -qxF "$name"; then
    echo "REFUSED: $repo is claimed already: $(grep -i "/$name\$" "$round/claims.txt")"; exit 1
fi
echo "$who $repo" >> "$round/claims.txt"
echo "CLAIMED: $repo for $who"
