-- wrk script: POST { serverInfo { version } } to /graphql.
wrk.method = "POST"
wrk.body = '{"query":"{ serverInfo { version } }"}'
wrk.headers["Content-Type"] = "application/json"
