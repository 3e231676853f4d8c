-- wrk script: submitComment in the seeded round, each request signed in as the next seeded
-- participant (tokens.txt), counting GraphQL errors (a refused comment is still HTTP 200).
-- Needs TOKENS (path of tokens.txt) and ROUND_ID in the environment.
local threads = {}

function setup(thread)
    thread:set("index", #threads)
    table.insert(threads, thread)
end

function init(args)
    tokens = {}
    for line in io.lines(os.getenv("TOKENS")) do
        table.insert(tokens, line)
    end
    round = os.getenv("ROUND_ID")
    counter = index * 1000003
    accepted = 0
    refused = 0
end

function request()
    counter = counter + 1
    local token = tokens[(counter % #tokens) + 1]
    local body = string.format(
        '{"query":"mutation($input: SubmitCommentInput!) { submitComment(input: $input) { id } }",' ..
        '"variables":{"input":{"roundId":"%s","body":"Load-run comment %d: the scope of section 1 should exclude research uses.","stance":"OPPOSE"}}}',
        round, counter)
    return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, body)
    if status == 200 and not string.find(body, '"errors"', 1, true) then
        accepted = accepted + 1
    else
        refused = refused + 1
        if refused <= 3 then
            io.stderr:write("refused: " .. status .. " " .. body .. "\n")
        end
    end
end

function done(summary, latency, requests)
    local total_accepted, total_refused = 0, 0
    for _, thread in ipairs(threads) do
        total_accepted = total_accepted + thread:get("accepted")
        total_refused = total_refused + thread:get("refused")
    end
    io.write(string.format("accepted %d, refused %d, %.0f accepted/s, latency p50 %.1f ms, p99 %.1f ms\n",
        total_accepted, total_refused, total_accepted / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
