"""Checks that a licences file names every crate compiled into the program for a target.

Reads `cargo metadata --filter-platform TARGET` on stdin; the crates are those reached from
the root package through normal (not dev, not build) dependencies, which is what
cargo-about lists with scripts/about/about.toml. Each must appear in the licences file as
"name version". Usage: cargo metadata ... | python3 shipped-crates.py LICENSES TARGET
"""

import json
import sys


def shipped(metadata):
    packages = {p["id"]: p for p in metadata["packages"]}
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}
    seen, todo = set(), [metadata["resolve"]["root"]]
    while todo:
        node = nodes[todo.pop()]
        for dep in node["deps"]:
            kinds = {k["kind"] for k in dep["dep_kinds"]}
            if None in kinds and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                todo.append(dep["pkg"])
    return sorted((packages[i]["name"], packages[i]["version"]) for i in seen)


def main():
    licenses, target = sys.argv[1], sys.argv[2]
    with open(licenses, encoding="utf-8") as f:
        text = f.read()
    crates = shipped(json.load(sys.stdin))
    missing = [f"{n} {v}" for n, v in crates if f"{n} {v}" not in text]
    if missing:
        print(
            f"{licenses} does not name {len(missing)} crate(s) compiled for {target}: "
            + ", ".join(missing)
            + "\nregenerate it: cargo install --locked cargo-about, then run scripts/release.sh",
            file=sys.stderr,
        )
        sys.exit(1)
    print(f"{target}: {len(crates)} crates, all in {licenses}")


if __name__ == "__main__":
    main()
