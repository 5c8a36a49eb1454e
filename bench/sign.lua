-- wrk script: every request signs the benchmark concern with the next unused token.
-- Tokens come from the file named by TOKENS_FILE; thread i takes tokens i, i+n, i+2n, ...
local path = os.getenv("BENCH_PATH")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end
  stride = tonumber(os.getenv("WRK_THREADS"))
end

function request()
  local index = offset + counter * stride + 1
  counter = counter + 1
  if index > #tokens then index = ((index - 1) % #tokens) + 1 end  -- ran out: a repeat, answered 409
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. tokens[index],
    ["Content-Type"] = "application/json",
  }, '{"visibility": "anonymous"}')
end
