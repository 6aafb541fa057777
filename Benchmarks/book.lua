-- wrk script: POST /v1/bookings with a distinct, valid passenger every request, spread
-- round-robin over the sailings listed in sailings.txt (written by http.sh).
local sailings = {}
for line in io.lines(os.getenv("FERRY_BENCH_SAILINGS") or "sailings.txt") do
    sailings[#sailings + 1] = line
end

local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = {"1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"}

local function citizen_id(region, year, seq)
    local body = string.format("%06d%04d0101%03d", region, year, seq)
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

local counter = 0
request = function()
    counter = counter + 1
    local id = citizen_id(330100 + tid, 1950 + math.floor(counter / 1000) % 50, counter % 1000)
    local sailing = sailings[(counter * 7 + tid) % #sailings + 1]
    local body = '{"sailingId":"' .. sailing .. '","passengers":[{"name":"旅客","idType":"resident_id","idNumber":"'
        .. id .. '","fareType":"adult"}]}'
    return wrk.format("POST", "/v1/bookings", {["Content-Type"] = "application/json"}, body)
end

