#!/usr/bin/env python3
"""Writes the live-verification report: every contract x producer x upstream commit ->
passed / failed / pending, with the reason for each failure.

Reads the contracts (their folders and descriptions) and the verifications that the
generated tests recorded (verifications.jsonl of each stubs module, VerificationRecorder).
Usage: report.py <repository root> <upstream commit> <command that ran> <output.md> [try-ingester output]
       [try-lost-answer output] [try-finalize output]
"""
import datetime
import json
import os
import pathlib
import re
import sys

root, commit, command, output = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4])
ingester_run = pathlib.Path(sys.argv[5]) if len(sys.argv) > 5 else None
lost_answer_run = pathlib.Path(sys.argv[6]) if len(sys.argv) > 6 else None
finalize_run = pathlib.Path(sys.argv[7]) if len(sys.argv) > 7 else None
pinned = next((line.split("=", 1)[1].strip() for line in
               (root / "contracts" / "upstream.properties").read_text(encoding="utf-8").splitlines()
               if line.startswith("commit=")), "")
MODULES = {"admin": "admin-stubs", "storage": "storage-stubs"}
CONSUMER_ONLY = "consumer-only: nothing a producer shows on request (a stub and no test)"


def contracts(side):
    for path in sorted((root / "contracts" / side).rglob("*.groovy")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"description\s+'''(.*?)'''", text, re.S) or re.search(r"description\s+'(.*?)'", text, re.S)
        description = " ".join(match.group(1).split()) if match else ""
        folder = path.parent.relative_to(root / "contracts").as_posix()
        yield path.stem, folder, description


def verifications(side):
    found = {}
    for jsonl in (root / MODULES[side] / "target" / "stubs").rglob("verifications.jsonl"):
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found[record["contract"]] = record
    return found


def asked(description):
    match = re.match(r"Pending(?: fault contract)? \((asks [^)]*)\)", description)
    return match.group(1) if match else "asks a producer team for it"


rows, pending, counts = [], [], {"passed": 0, "failed": 0, "pending": 0, "not verified": 0}
for side in MODULES:
    recorded = verifications(side)
    for name, folder, description in contracts(side):
        is_pending = "/pending/" in "/" + folder + "/"
        record = recorded.get(name)
        producer = record["producer"] if record else "-"
        if record is None and "consumer-only" in folder.split("/"):
            result, reason = "not verified", CONSUMER_ONLY
        elif record is None or record["producer"] == "reference":
            # a contract that should have met a live producer and did not: its test never ran (a
            # failure before it, see the build log) or ran against the reference producer
            why = "its generated test did not run" if record is None else "verified against the reference producer only"
            result, reason = ("pending" if is_pending else "**failed**"), why
        elif record["outcome"] == "passed":
            result, reason = ("passed (pending: promote it)" if is_pending else "passed"), ""
        elif record["outcome"].startswith("pending"):
            result, reason = "pending", record["outcome"].split(": ", 1)[-1]
        else:
            result, reason = ("pending" if is_pending else "**failed**"), record["outcome"].split(": ", 1)[-1]
        counts["pending" if result.startswith("pending") else result.strip("*")] = counts.get(
            "pending" if result.startswith("pending") else result.strip("*"), 0) + 1
        rows.append(f"| `{folder}/{name}` | {producer} | `{commit[:7]}` | {result} | {reason.replace('|', '/')} |")
        if is_pending:
            pending.append(f"- `{folder}/{name}`: {asked(description)}.")

page = [
    "# Contracts against the real artStore services",
    "",
    f"Upstream: https://github.com/BigKAA/artStore at commit `{commit}`, started from its own code on this",
    "machine (the Admin Module, storage elements in edit and rw mode and one with a tiny capacity"
    + (" on a full 4 KiB disk" if os.environ.get("FULL_ON_TMPFS") == "on" else " (a plain folder)") + ", a proxy",
    f"that answers {os.environ.get('SLOW_DELAY_SECONDS', '2')} s late for the slow-element contract; the registry's",
    "database refuses the fault contract's row). Run on "
    + datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC") + ".",
    *([] if commit == pinned else ["", f"**Not the pinned commit**: `contracts/upstream.properties` pins `{pinned}`."]),
    "",
    "Made by:",
    "",
    "```bash",
    command,
    "```",
    "",
    "Totals: " + ", ".join(f"{count} {kind}" for kind, count in counts.items() if count) + ".",
    "A non-pending contract that fails here fails the script; a pending one is reported, never failed.",
    "",
    "| contract | producer | upstream commit | result | reason |",
    "|---|---|---|---|---|",
    *rows,
    "",
    "## Pending contracts and what they ask",
    "",
    *(pending or ["None."]),
    "",
]
if ingester_run is not None and ingester_run.exists():
    page += [
        "## The ingester in front of them",
        "",
        "The built ingester (`java -jar`, `contracts/upstream/try-ingester`) with the real Admin Module's public",
        "key and its own service account: a temporary and a permanent upload of a file with a Cyrillic name,",
        "then the registry and the element asked about each, and the refresh token of a real token pair sent",
        "as a caller's token.",
        "",
        "```text",
        *[line for line in ingester_run.read_text(encoding="utf-8").splitlines() if not line.startswith("NOTICE:")],
        "```",
        "",
    ]
if lost_answer_run is not None and lost_answer_run.exists():
    page += [
        "## Lost answers, settled with the real API",
        "",
        "The built ingester (`contracts/upstream/try-lost-answer`) with the edit element behind `fault_proxy.py`,",
        "which holds its answers 6 s while the ingester waits 3 s: first only the upload's answer (the ingester",
        "asks the element for the id and registers the copy it finds), then its look-ups too (the caller gets",
        "502, the ledger names the element, and once the element answers again the reconciler removes the copy",
        "that no registration names).",
        "",
        "```text",
        *[line for line in lost_answer_run.read_text(encoding="utf-8").splitlines() if not line.startswith("NOTICE:")],
        "```",
        "",
    ]
if finalize_run is not None and finalize_run.exists():
    page += [
        "## Finalization between the real elements",
        "",
        "The built ingester (`contracts/upstream/try-finalize`) finalizing a 3 MB file: the real edit element's",
        "download streamed into the real rw element's upload under the same file_id, checked, then recorded with",
        "the real Admin Module's PUT. First an upload whose fields come after the file (`retention_policy=permanent`",
        "among them), then a temporary upload and `POST /api/v1/finalize/{file_id}`, whose temporary copy is removed",
        "after the grace period (5 s here).",
        "",
        "```text",
        *[line for line in finalize_run.read_text(encoding="utf-8").splitlines() if not line.startswith("NOTICE:")],
        "```",
        "",
    ]
output.write_text("\n".join(page), encoding="utf-8")
failed = [row for row in rows if "**failed**" in row]
print(f"{output}: " + ", ".join(f"{count} {kind}" for kind, count in counts.items() if count))
sys.exit(1 if failed else 0)
