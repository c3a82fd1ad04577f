-- A search no process has kept: each of wrk's two threads asks the path's search with its own
-- 150 counts of trailing spaces in turn (the same results under 300 distinct texts), so a text
-- comes back after 300 requests, more than a process keeps of a kind (256). Reports as p95.lua.
dofile("benches/p95.lua")
local made = 0
function setup(thread)
  thread:set("first", made * 150)
  made = made + 1
end
function init(args)
  counter = 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. string.rep("%20", first + (counter % 150)))
end
