-- wrk script: POST /v1/bookings with a distinct, valid passenger every request, spread
-- round-robin over the sailings listed in $FERRY_BENCH_SAILINGS. With $FERRY_BENCH_HELD set,
-- each thread writes the reference and token of every booking it holds to that path plus
-- its number, for pay.lua.
local sailings = {}
for line in io.lines(os.getenv("FERRY_BENCH_SAILINGS") or "sailings.txt") do
    sailings[#sailings + 1] = line
end

local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = {"1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"}

-- A valid PRC citizen number, distinct for every (region, n) up to 20 million.
local function citizen_id(region, n)
    local d = math.floor(n / 1000)
    local body = string.format("%06d%04d%02d%02d%03d", region, 1940 + d % 60, 1 + math.floor(d / 60) % 12,
        1 + math.floor(d / 720) % 28, n % 1000)
    local sum = 0
    for i = 1, 17 do
        sum = sum + tonumber(body:sub(i, i)) * weights[i]
    end
    return body .. checks[(sum % 11) + 1]
end

local threads = {}
function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

local held = nil
function init(args)
    local path = os.getenv("FERRY_BENCH_HELD")
    if path then held = io.open(path .. tid, "w") end
end

local counter = 0
request = function()
    counter = counter + 1
    local id = citizen_id(330100 + tid, counter)
    local sailing = sailings[(counter * 7 + tid) % #sailings + 1]
    local body = '{"sailingId":"' .. sailing .. '","passengers":[{"name":"旅客","idType":"resident_id","idNumber":"'
        .. id .. '","fareType":"adult"}]}'
    return wrk.format("POST", "/v1/bookings", {["Content-Type"] = "application/json"}, body)
end

if os.getenv("FERRY_BENCH_HELD") then
    response = function(status, headers, body)
        if status == 201 and held then
            local reference = body:match('"reference":"(%w+)"')
            local token = body:match('"token":"([^"]+)"')
            if reference and token then held:write(reference, " ", token, "\n") end
        end
    end
end
