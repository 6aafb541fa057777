-- wrk script: pays the held bookings book.lua wrote ($FERRY_BENCH_HELD0, 1, …), each once,
-- online with the booking's token; thread t of $FERRY_BENCH_THREADS takes every t-th.
local bookings = {}
local t = 0
while true do
    local file = io.open((os.getenv("FERRY_BENCH_HELD") or "held") .. t, "r")
    if not file then break end
    for line in file:lines() do
        local reference, token = line:match("(%w+) (%S+)")
        if reference then bookings[#bookings + 1] = {reference, token} end
    end
    file:close()
    t = t + 1
end
local stride = tonumber(os.getenv("FERRY_BENCH_THREADS") or "2")

local threads = {}
function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

local counter = 0
request = function()
    local b = bookings[(counter * stride + tid) % #bookings + 1]
    counter = counter + 1
    return wrk.format("POST", "/v1/bookings/" .. b[1] .. "/pay",
        {["Content-Type"] = "application/json", ["X-Booking-Token"] = b[2]},
        '{"method":"online","paymentReference":"bench-' .. b[1] .. '"}')
end
