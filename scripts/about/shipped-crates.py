"""Checks that the licences file names exactly the crates compiled into the program.

For each release target of scripts/about/about.toml it asks cargo which crates the program
is built from,

    cargo tree --locked -e normal --target TARGET --prefix none -f '{p}'

and checks that the licences file (made by cargo-about from the same about.toml) names
each as "name version" (disclose itself included), and that it names no crate that none
of the targets compiles.

`cargo tree` rather than `cargo metadata`: the resolve of `cargo metadata` unifies the
features of the dev-dependencies with the normal ones, so it lists crates that only a test
build compiles (proptest turns on getrandom's `sys_rng`, which pulls in rand_core, and
hashbrown's `allocator-api2`; jiff's lockstep entry for jiff-static), which cargo-about,
resolving features as cargo does, rightly leaves out. Proc-macro crates and their
dependencies count: they run at build time, but their output is part of the program, and
cargo-about lists them too.

Usage: python3 scripts/about/shipped-crates.py LICENSES   (run from the repository root)
"""

import re
import subprocess
import sys
import tomllib

ABOUT_TOML = "scripts/about/about.toml"

# A line of `cargo tree --prefix none -f '{p}'`: "name vVERSION", then " (path)" for a
# path dependency, " (proc-macro)", " (*)" for one printed before.
TREE_LINE = re.compile(r"^(?P<name>[A-Za-z0-9_-]+) v(?P<version>\S+)")

# A crate in the licences file: scripts/about/about.hbs writes each user of a licence as
# <li><a href="REPOSITORY">NAME VERSION</a></li>.
HTML_CRATE = re.compile(r'<li><a href="[^"#][^"]*">(?P<name>[A-Za-z0-9_-]+) (?P<version>[0-9][^<\s]*)</a></li>')


def parse_tree(lines):
    """The (name, version) pairs in `cargo tree` output, disclose itself (the first line)
    included: cargo-about lists the root crate's licence too."""
    crates = set()
    for line in (line.strip() for line in lines):
        if not line:
            continue
        m = TREE_LINE.match(line)
        if m is None:
            raise ValueError(f"unexpected line in cargo tree output: {line!r}")
        crates.add((m["name"], m["version"]))
    return crates


def compiled_for(target):
    """The crates cargo compiles into the program for `target`."""
    out = subprocess.run(
        ["cargo", "tree", "--locked", "-e", "normal", "--target", target, "--prefix", "none", "-f", "{p}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_tree(out.splitlines())


def named_in(html):
    """The (name, version) pairs the licences file names."""
    return {(m["name"], m["version"]) for m in HTML_CRATE.finditer(html)}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    licenses = sys.argv[1]
    with open(licenses, encoding="utf-8") as f:
        named = named_in(f.read())
    with open(ABOUT_TOML, "rb") as f:
        targets = tomllib.load(f)["targets"]
    fix = "regenerate it: scripts/release.sh --update-licenses (needs cargo install --locked --features cli cargo-about)"
    failed = False
    shipped = set()
    for target in targets:
        crates = compiled_for(target)
        shipped |= crates
        missing = sorted(crates - named)
        if missing:
            failed = True
            print(
                f"{licenses} does not name {len(missing)} crate(s) compiled for {target}: "
                + ", ".join(f"{n} {v}" for n, v in missing),
                file=sys.stderr,
            )
        else:
            print(f"{target}: {len(crates)} crates, all in {licenses}")
    extra = sorted(named - shipped)
    if extra:
        failed = True
        print(
            f"{licenses} names {len(extra)} crate(s) that no release target compiles: "
            + ", ".join(f"{n} {v}" for n, v in extra),
            file=sys.stderr,
        )
    if failed:
        print(fix, file=sys.stderr)
        sys.exit(1)
    print(f"{licenses}: {len(named)} crates, exactly those of {', '.join(targets)}")


if __name__ == "__main__":
    main()
