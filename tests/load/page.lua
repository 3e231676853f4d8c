-- wrk script: the first page of 50 comments of the seeded consultation, with authors,
-- organizations and responses (anonymous reader). Needs SLUG in the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format(
    '{"query":"{ consultation(slug: \\"%s\\") { comments(first: 50) { edges { node { id body stance language ' ..
    'createdAt author { displayName } organization { name kind } responses { body } } } pageInfo { hasNextPage endCursor } } } }"}',
    os.getenv("SLUG"))

function done(summary, latency, requests)
    io.write(string.format("%.0f pages/s, latency mean %.2f ms, p50 %.2f ms, p99 %.2f ms, errors %d\n",
        summary.requests / (summary.duration / 1e6), latency.mean / 1000, latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read))
end
