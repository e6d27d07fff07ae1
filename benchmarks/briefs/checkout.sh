#!/bin/bash
# checkout.sh GIT_DIR DEST: write HEAD's files into DEST, skipping the large blobs that a
# partial snapshot lacks (it names them), then make DEST/.git (empty).
set -e
git=$1 dest=$2
mkdir -p "$dest"
git --git-dir="$git" ls-tree -r -z HEAD | while IFS= read -r -d '' entry; do
    meta=${entry%%$'\t'*} path=${entry#*$'\t'}
    set -- $meta
    [ "$2" = blob ] || continue
    mkdir -p "$dest/$(dirname "$path")"
    git --git-dir="$git" cat-file blob "$3" > "$dest/$path" 2>/dev/null || { rm -f "$dest/$path"; echo "not in the snapshot: $path"; }
done
mkdir -p "$dest/.git"
