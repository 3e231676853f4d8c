-- wrk script: failed sign-ins for one account (after the first five, throttling answers them).
wrk.method = "POST"
wrk.body = '{"query":"mutation { login(email: \\"admin@example.org\\", password: \\"not the right password\\") { accessToken } }"}'
wrk.headers["Content-Type"] = "application/json"
