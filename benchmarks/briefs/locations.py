"""PATH:LINE of each location on standard input: ``tool`` reads ``check --format json``
(the decision codes only), ``net`` reads ``recall_candidates.py``'s JSON lines."""

import json
import sys

DECISION_CODES = ("WRP001", "WRP005", "WRP006", "WRP007")

if sys.argv[1] == "tool":
    text = sys.stdin.read().strip()
    for finding in json.loads(text) if text else []:
        if finding["code"] in DECISION_CODES:
            print(f"{finding['path']}:{finding['line']}")
else:
    for line in sys.stdin:
        candidate = json.loads(line)
        print(f"{candidate['path']}:{candidate['inner_line']}")
