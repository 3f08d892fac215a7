-- The policy prelude. Runs once in every Lua state with the full standard library, builds the
-- sandbox the policy files run in (their _ENV), the `mta` module, and returns the entry points
-- the C# host calls. Policy code never sees this chunk's locals: debug, the real io/os/load,
-- package and the host's native functions stay here.
--
-- Native functions (table N, implemented in C#) never raise Lua errors themselves: they return
-- N.ERR and a message, and the Lua wrappers below raise. That keeps every longjmp inside Lua.
local N = ...
local ERR, NULL = N.ERR, N.NULL
local GRAIN = N.grain

local type, error, select, tostring, rawget = type, error, select, tostring, rawget
local setmetatable, getmetatable, xpcall = setmetatable, getmetatable, xpcall
local pack, unpack, concat = table.pack, table.unpack, table.concat
local math_type, huge, format = math.type, math.huge, string.format
local debug_sethook, debug_getinfo, traceback = debug.sethook, debug.getinfo, debug.traceback
local co_create, co_resume, co_running = coroutine.create, coroutine.resume, coroutine.running
local real_load, io_open, io_lines, io_type = load, io.open, io.lines, io.type
local main_thread = co_running()

---------------------------------------------------------------------------------------------------
-- Instruction budget: a count hook every GRAIN instructions. When the budget of the current call
-- is spent, every later instruction (count 1) raises, so no pcall loop in the policy can swallow
-- it; the host removes the hook and re-arms the state after the call.
local remaining, exhausted = 0, false
local hook
hook = function()
  remaining = remaining - 1
  if remaining < 0 then
    if not exhausted then
      exhausted = true
      local info = debug_getinfo(2, "Sl")
      N.budget_exhausted(info and info.source or "", info and info.currentline or 0)
      debug_sethook(main_thread, hook, "", 1)
      local current = co_running()
      if current ~= main_thread then debug_sethook(current, hook, "", 1) end
    end
    error("instruction budget exceeded", 2)
  end
end

local function arm()
  exhausted = false
  debug_sethook(main_thread, hook, "", GRAIN)
end
arm()

---------------------------------------------------------------------------------------------------
-- The sandbox environment.
local env = {}
for _, name in ipairs { "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget",
  "rawlen", "rawset", "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type",
  "xpcall", "_VERSION" } do
  env[name] = _G[name]
end
env._G = env
string.dump = nil -- bytecode out is as unwelcome as bytecode in
env.string, env.table, env.math, env.utf8 = string, table, math, utf8
env.os = { time = os.time, date = os.date, clock = os.clock, difftime = os.difftime }
env.debug = { traceback = traceback }

-- raise(2, N.fn(...)) in a wrapper raises N.fn's error at the wrapper's caller.
local function raise(level, a, b)
  if a == ERR then error(b, level + 1) end
  return a, b
end

env.collectgarbage = function(option, ...)
  option = option or "collect"
  if option == "collect" or option == "count" or option == "step" or option == "isrunning" then
    return collectgarbage(option, ...)
  end
  error("collectgarbage: option '" .. tostring(option) .. "' is not allowed in policy", 2)
end

-- Coroutines inherit the budget hook.
local coroutine_env = {}
for k, v in pairs(coroutine) do coroutine_env[k] = v end
coroutine_env.create = function(f)
  local co = co_create(f)
  debug_sethook(co, hook, "", exhausted and 1 or GRAIN)
  return co
end
coroutine_env.wrap = function(f)
  local co = coroutine_env.create(f)
  return function(...)
    local r = pack(co_resume(co, ...))
    if r[1] then return unpack(r, 2, r.n) end
    error(r[2], 0)
  end
end
env.coroutine = coroutine_env

-- load: text chunks only; the default environment is the sandbox.
env.load = function(chunk, name, mode, ...)
  if mode ~= nil and mode ~= "t" then
    error("load: only text chunks (mode \"t\") are allowed in policy", 2)
  end
  local chunk_env = env
  if select("#", ...) > 0 then chunk_env = ... end
  return real_load(chunk, "=" .. tostring(name or "(load)"), "t", chunk_env)
end

-- Policy files come from the host's snapshot of the policy directory, never from disk directly.
local function load_policy_file(path, chunk_env)
  local rel, text = N.read_policy_file(path)
  if rel == ERR then return nil, text end
  if rel == nil then return nil, "cannot open " .. tostring(path) .. ": no such file in the policy directory" end
  return real_load(text, "@" .. rel, "t", chunk_env or env)
end

env.loadfile = function(path, mode, ...)
  if mode ~= nil and mode ~= "t" then
    error("loadfile: only text chunks (mode \"t\") are allowed in policy", 2)
  end
  if path == nil then error("loadfile: reading standard input is not allowed in policy", 2) end
  local chunk_env = env
  if select("#", ...) > 0 then chunk_env = ... end
  return load_policy_file(path, chunk_env)
end

env.dofile = function(path)
  if path == nil then error("dofile: reading standard input is not allowed in policy", 2) end
  local f, err = load_policy_file(path)
  if not f then error(err, 2) end
  return f()
end

-- io: reading files inside the policy directory only.
env.io = {
  type = io_type,
  open = function(path, mode)
    mode = mode or "r"
    if mode ~= "r" and mode ~= "rb" then
      error("io.open: policy may only read files (mode \"r\" or \"rb\"), not \"" .. tostring(mode) .. "\"", 2)
    end
    local full = raise(2, N.resolve_read_path(path))
    return io_open(full, mode)
  end,
  lines = function(path, ...)
    if path == nil then error("io.lines: reading standard input is not allowed in policy", 2) end
    local full = raise(2, N.resolve_read_path(path))
    return io_lines(full, ...)
  end,
}

---------------------------------------------------------------------------------------------------
-- The mta module.
local mta = {}
local handlers, loading = {}, false
local KEY = {} -- private key of host objects (messages, connections, shaping)
local REJECT = {} -- metatable of mta.reject's error values
local ARRAY = { __name = "mta.json.array" }

local function log(level, ...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  local info = debug_getinfo(3, "Sl")
  local src = info and info.source or "?"
  if src:sub(1, 1) == "@" then src = src:sub(2) else src = info and info.short_src or "?" end
  N.log(level, concat(parts, "\t"), src, info and info.currentline or 0)
end
mta.log = {
  info = function(...) log(0, ...) end,
  warn = function(...) log(1, ...) end,
  error = function(...) log(2, ...) end,
}
env.print = mta.log.info

mta.json = {
  null = NULL,
  encode = function(value) return (raise(2, N.json_encode(value))) end,
  decode = function(text) return (raise(2, N.json_decode(text))) end,
  -- Marks a table as a JSON array, so an empty one encodes as [] rather than {}.
  array = function(t)
    if t ~= nil and type(t) ~= "table" then error("mta.json.array: expects a table", 2) end
    return setmetatable(t or {}, ARRAY)
  end,
}
mta.toml = {
  decode = function(text) return (raise(2, N.toml_decode(text))) end,
}

function mta.reject(code, text)
  if math_type(code) ~= "integer" or code < 400 or code > 599 then
    error("mta.reject: the code must be an integer from 400 to 599, got " .. tostring(code), 2)
  end
  if type(text) ~= "string" then error("mta.reject: the text must be a string", 2) end
  local info = debug_getinfo(2, "Sl")
  local src = info and info.source or ""
  error(setmetatable({
    code = code,
    text = text,
    file = src:sub(1, 1) == "@" and src:sub(2) or nil,
    line = info and info.currentline or nil,
  }, REJECT), 0)
end

local known_events = N.events
function mta.on(event, fn)
  if type(event) ~= "string" or not known_events[event] then
    error("mta.on: unknown event '" .. tostring(event) .. "'", 2)
  end
  if type(fn) ~= "function" then error("mta.on('" .. event .. "'): the handler must be a function", 2) end
  if not loading then error("mta.on('" .. event .. "'): handlers can only be registered while the policy loads", 2) end
  local previous = handlers[event]
  if previous then
    error("mta.on('" .. event .. "'): a handler is already registered at " .. previous.where, 2)
  end
  local info = debug_getinfo(fn, "S")
  local src = info.source:sub(1, 1) == "@" and info.source:sub(2) or info.short_src
  handlers[event] = { fn = fn, where = src .. ":" .. info.linedefined }
  N.registered(event, src, info.linedefined)
end

-- memoize: a per-state cache keyed by the arguments, with a TTL read from the host's clock.
local function memo_key(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do
    local v = select(i, ...)
    local tv = type(v)
    if tv == "string" then
      parts[i] = "s" .. #v .. ":" .. v
    elseif tv == "number" then
      parts[i] = math_type(v) == "integer" and ("i" .. v) or ("f" .. format("%a", v))
    elseif tv == "boolean" then
      parts[i] = v and "T" or "F"
    elseif v == nil then
      parts[i] = "N"
    else
      error("mta.memoize: arguments must be strings, numbers, booleans or nil (argument " .. i .. " is a " .. tv .. ")", 3)
    end
  end
  return concat(parts, "|")
end

function mta.memoize(fn, options)
  if type(fn) ~= "function" then error("mta.memoize: the first argument must be a function", 2) end
  if options ~= nil and type(options) ~= "table" then error("mta.memoize: options must be a table", 2) end
  options = options or {}
  local ttl = nil
  if options.ttl ~= nil then ttl = raise(2, N.duration(options.ttl, "mta.memoize: ttl")) end
  local capacity = options.capacity or 1024
  if math_type(capacity) ~= "integer" or capacity < 1 then
    error("mta.memoize: capacity must be a positive integer", 2)
  end
  local now = N.now
  local cache, order, head, tail, count = {}, {}, 1, 0, 0
  return function(...)
    local key = memo_key(...)
    local t = now()
    local entry = cache[key]
    if entry ~= nil and entry.expires > t then return unpack(entry, 1, entry.n) end
    local result = pack(fn(...))
    result.expires = ttl and (t + ttl) or huge
    if entry == nil then
      if count >= capacity then -- evict the oldest insertion
        cache[order[head]] = nil
        order[head] = nil
        head = head + 1
        count = count - 1
      end
      tail = tail + 1
      order[tail] = key
      count = count + 1
    end
    cache[key] = result
    return unpack(result, 1, result.n)
  end
end

-- Host objects: methods call natives with the object's generation, which the host checks.
local function host_id(self, what, method)
  local id = type(self) == "table" and rawget(self, KEY)
  if not id then error(what .. ":" .. method .. ": call it as " .. what .. ":" .. method .. "(...)", 3) end
  return id
end

local MSG = { __metatable = "mta.message", __name = "mta.message" }
MSG.__index = MSG
function MSG.id(self) return (raise(2, N.msg_id(host_id(self, "msg", "id")))) end
function MSG.sender(self) return (raise(2, N.msg_sender(host_id(self, "msg", "sender")))) end
function MSG.recipient(self) return (raise(2, N.msg_recipient(host_id(self, "msg", "recipient")))) end
function MSG.get_meta(self, key) return (raise(2, N.msg_get_meta(host_id(self, "msg", "get_meta"), key))) end
function MSG.set_meta(self, key, value) raise(2, N.msg_set_meta(host_id(self, "msg", "set_meta"), key, value)) end
function MSG.get_first_named_header_value(self, name)
  return (raise(2, N.msg_header(host_id(self, "msg", "get_first_named_header_value"), name)))
end
function MSG.append_header(self, name, value)
  raise(2, N.msg_append_header(host_id(self, "msg", "append_header"), name, value))
end
function MSG.dkim_sign(self, signer)
  local id = host_id(self, "msg", "dkim_sign")
  local handle = type(signer) == "table" and rawget(signer, KEY)
  if getmetatable(signer) ~= "mta.dkim.signer" or not handle then
    error("msg:dkim_sign: expects a signer from mta.dkim.rsa_sha256_signer{...} or mta.dkim.ed25519_signer{...}", 2)
  end
  raise(2, N.msg_dkim_sign(id, handle))
end
MSG.__tostring = function(self) return "mta.message " .. tostring(rawget(self, KEY)) end

local CONN = { __metatable = "mta.connection", __name = "mta.connection" }
CONN.__index = CONN
function CONN.get_meta(self, key) return (raise(2, N.conn_get_meta(host_id(self, "conn_meta", "get_meta"), key))) end
function CONN.set_meta(self, key, value) raise(2, N.conn_set_meta(host_id(self, "conn_meta", "set_meta"), key, value)) end

local SHAPING = { __metatable = "mta.shaping", __name = "mta.shaping" }
SHAPING.__index = SHAPING
function SHAPING.get_egress_path_config(self, domain, source, site)
  return (raise(2, N.shaping_get(host_id(self, "shaping", "get_egress_path_config"), domain, source, site)))
end
mta.shaping = {
  load = function(files)
    if type(files) ~= "table" then error("mta.shaping.load: expects a list of file names", 2) end
    return setmetatable({ [KEY] = raise(2, N.shaping_load(files)) }, SHAPING)
  end,
}

-- DKIM signers: built (and their keys read) once per policy epoch, whichever state or call asks.
local SIGNER = { __metatable = "mta.dkim.signer", __name = "mta.dkim.signer" }
local function dkim_signer(kind, name)
  return function(params)
    if type(params) ~= "table" then error("mta.dkim." .. name .. ": expects a table of options", 2) end
    local info = debug_getinfo(2, "Sl")
    local src = info and info.source or ""
    local file = src:sub(1, 1) == "@" and src:sub(2) or nil
    return setmetatable({ [KEY] = raise(2, N.dkim_signer(kind, params, file, info and info.currentline or 0)) }, SIGNER)
  end
end
mta.dkim = {
  rsa_sha256_signer = dkim_signer("rsa", "rsa_sha256_signer"),
  ed25519_signer = dkim_signer("ed25519", "ed25519_signer"),
}

-- Log hooks: configured while the policy loads; the host turns the records they take into
-- messages of the queue <name>.log_hook and publishes them to the hook's destination.
function mta.configure_log_hook(params)
  if type(params) ~= "table" then error("mta.configure_log_hook: expects a table of options", 2) end
  if not loading then error("mta.configure_log_hook: hooks can only be configured while the policy loads", 2) end
  local info = debug_getinfo(2, "Sl")
  local src = info and info.source or ""
  local file = src:sub(1, 1) == "@" and src:sub(2) or nil
  raise(2, N.log_hook(params, file, info and info.currentline or 0))
end

---------------------------------------------------------------------------------------------------
-- require: the preloaded `mta` module, then modules from the policy directory snapshot.
local loaded = { mta = mta }
env.package = { loaded = loaded }
env.require = function(name)
  if type(name) ~= "string" then error("require: the module name must be a string", 2) end
  local m = loaded[name]
  if m ~= nil then return m end
  local base = name:gsub("%.", "/")
  local rel, text = N.read_policy_file(base .. ".lua")
  if rel == nil then rel, text = N.read_policy_file(base .. "/init.lua") end
  if rel == ERR then error("require '" .. name .. "': " .. text, 2) end
  if rel == nil then
    error("module '" .. name .. "' not found in the policy directory (looked for " .. base .. ".lua and "
      .. base .. "/init.lua)", 2)
  end
  local f, err = real_load(text, "@" .. rel, "t", env)
  if not f then error(err, 0) end
  local result = f(name, rel)
  if result == nil then result = true end
  loaded[name] = result
  return result
end

---------------------------------------------------------------------------------------------------
-- Errors: a table the host reads (message, file, line, traceback, reject_code, reject_text).
local function first_policy_frame()
  for level = 3, 64 do
    local info = debug_getinfo(level, "Sl")
    if not info then return nil end
    if info.source:sub(1, 1) == "@" and info.currentline > 0 then return info.source:sub(2), info.currentline end
  end
end

local function on_error(e)
  local r = { traceback = traceback(nil, 2) }
  if getmetatable(e) == REJECT then
    r.reject_code, r.reject_text, r.file, r.line = e.code, e.text, e.file, e.line
    return r
  end
  local message = type(e) == "string" and e or ("error object is a " .. type(e) .. " value")
  local file, line, rest = message:match("^([^:]+%.lua):(%d+): (.*)$")
  if file then
    r.file, r.line, r.message = file, tonumber(line), rest
  else
    r.file, r.line = first_policy_frame()
    r.message = message
  end
  return r
end

---------------------------------------------------------------------------------------------------
-- Entry points for the host.
local api = { array_mt = ARRAY }
local units = N.budget_units

function api.load(entry, load_units)
  loading = true
  remaining = load_units
  local ok, err = xpcall(function()
    local f, msg = load_policy_file(entry)
    if not f then error(msg, 0) end
    f()
  end, on_error)
  loading = false
  return ok, err
end

-- Each returns nothing when the event has no handler, else xpcall's results.
function api.call(event, ...)
  local h = handlers[event]
  if h == nil then return end
  remaining = units
  return xpcall(h.fn, on_error, ...)
end

function api.call_msg(event, id)
  local h = handlers[event]
  if h == nil then return end
  remaining = units
  return xpcall(h.fn, on_error, setmetatable({ [KEY] = id }, MSG))
end

function api.call_conn(event, value, id)
  local h = handlers[event]
  if h == nil then return end
  remaining = units
  return xpcall(h.fn, on_error, value, setmetatable({ [KEY] = id }, CONN))
end

api.arm = arm
return api
