#!/bin/sh
# Re-downloads the pinned GraphiQL and React builds that /graphiql serves from the binary, from
# the npm registry with npm, and checks every file against the sha256 sums below before it
# replaces the stored copy. `fetch.sh --check` only checks the stored files (no network).
#
# To move to another version: change PINNED, run `fetch.sh --update-sums` to print the new sums
# (after reading the upstream changes), paste them into SUMS and README.md, rename the files in
# backend/src/server/graphiql/assets.rs, and run the graphiql tests and the browser check.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

# package@version, file inside the package tarball, name stored here (and served under).
PINNED='
graphiql@3.9.0 package/graphiql.min.js graphiql-3.9.0.min.js
graphiql@3.9.0 package/graphiql.min.css graphiql-3.9.0.min.css
graphiql@3.9.0 package/LICENSE LICENSE-graphiql
react@18.3.1 package/umd/react.production.min.js react-18.3.1.production.min.js
react@18.3.1 package/LICENSE LICENSE-react
react-dom@18.3.1 package/umd/react-dom.production.min.js react-dom-18.3.1.production.min.js
react-dom@18.3.1 package/LICENSE LICENSE-react-dom
'

SUMS='a330a2be1d2389486840a9d0a834767d9083a23f105879e0de54e4fce83d3513  graphiql-3.9.0.min.js
bdddd50aac5bdb0edd83e5c862ba2fed9db2964e4c75d4655ab62b0a7d5bd730  graphiql-3.9.0.min.css
4b18fbe55c4e8f9169cb702be138f4d858a2dad920c39857204ffdc9c1c9fdc4  LICENSE-graphiql
d949f1c3687aedadcedac85261865f29b17cd273997e7f6b2bfc53b2f9d4c4dd  react-18.3.1.production.min.js
52412d7bc7ce4157ea628bbaacb8829e0a9cb3c58f57f99176126bc8cf2bfc85  LICENSE-react
35f4f974f4b2bcd44da73963347f8952e341f83909e4498227d4e26b98f66f0d  react-dom-18.3.1.production.min.js
52412d7bc7ce4157ea628bbaacb8829e0a9cb3c58f57f99176126bc8cf2bfc85  LICENSE-react-dom'

check() {
    (cd "$1" && printf '%s\n' "$SUMS" | sha256sum --check --strict --quiet)
}

if [ "${1:-}" = "--check" ]; then
    check "$here"
    echo "fetch.sh: the stored files match the pinned sums"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/out"

for package in $(printf '%s\n' "$PINNED" | awk 'NF { print $1 }' | sort -u); do
    # npm checks the tarball against the registry's integrity hash as it downloads it.
    tarball=$(cd "$work" && npm pack --silent "$package")
    mkdir "$work/$package"
    tar -xzf "$work/$tarball" -C "$work/$package"
done

printf '%s\n' "$PINNED" | while read -r package path stored; do
    [ -n "$package" ] || continue
    cp "$work/$package/$path" "$work/out/$stored"
done

if [ "${1:-}" = "--update-sums" ]; then
    (cd "$work/out" && printf '%s\n' "$PINNED" | awk 'NF { print $3 }' | xargs sha256sum)
    exit 0
fi

check "$work/out"
cp "$work/out/"* "$here/"
echo "fetch.sh: downloaded and checked $(printf '%s\n' "$SUMS" | wc -l) files into $here"
