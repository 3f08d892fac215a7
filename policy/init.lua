-- The default Akka.Mta policy: the file `akka-mta serve` loads (policy/init.lua). Operators mount
-- their own policy/ directory into the container; `akka-mta policy check` runs every handler
-- once before a change is deployed.
--
-- Runs in a sandbox: no os.execute/io.popen, io.open reads files inside policy/ only, require
-- finds modules in policy/ only, each handler call has an instruction budget.
local mta = require 'mta'

---------------------------------------------------------------------------------------------
-- Traffic shaping: KumoMTA-format files merged in order (later files override earlier ones).
-- Loaded once per policy epoch; a bad file stops the policy from loading (file:line reported).
local shaping = mta.shaping.load { 'shaping.toml', 'shaping-custom.toml' }

---------------------------------------------------------------------------------------------
-- Egress sources (local addresses and EHLO names) and the pools that group them.
-- source_address is omitted here so the default runs anywhere; set it to an IP of the host.
local SOURCES = {
  ['ip-1'] = { ehlo_domain = 'mta1.example.net' },
  ['ip-2'] = { ehlo_domain = 'mta2.example.net' },
}

-- One pool per tenant; tenants not listed share 'shared'.
local POOLS = {
  shared = { { name = 'ip-1', weight = 1 }, { name = 'ip-2', weight = 1 } },
  acme = { { name = 'ip-1', weight = 3 }, { name = 'ip-2', weight = 1 } },
}

local function pool_for_tenant(tenant)
  if tenant and POOLS[tenant] then return tenant end
  return 'shared'
end

---------------------------------------------------------------------------------------------
-- Reception: tenant and campaign come from X-Tenant / X-Campaign headers; they pick the
-- scheduled queue ("campaign:tenant@domain") and, through get_queue_config, the egress pool.
local function classify(msg)
  msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant') or 'default')
  local campaign = msg:get_first_named_header_value('X-Campaign')
  if campaign then msg:set_meta('campaign', campaign) end
end

mta.on('smtp_server_message_received', classify)
mta.on('http_message_generated', classify)

-- Refuse mail for the reserved .invalid TLD (RFC 2606) at RCPT time; an example of mta.reject.
mta.on('smtp_server_rcpt_to', function(recipient, conn_meta)
  if recipient:lower():match('%.invalid$') then
    mta.reject(550, '5.1.2 the .invalid domain cannot receive mail')
  end
end)

---------------------------------------------------------------------------------------------
-- Queues: retry schedule and the tenant's pool (options: KumoMTA make_queue_config).
mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
  return {
    egress_pool = pool_for_tenant(tenant),
    retry_interval = '20m',
    max_retry_interval = '4h',
    max_age = '3 days',
  }
end)

mta.on('get_egress_pool', function(name)
  local entries = POOLS[name]
  if not entries then error('no egress pool named ' .. name) end
  return { name = name, entries = entries }
end)

mta.on('get_egress_source', function(name)
  local source = SOURCES[name]
  if not source then error('no egress source named ' .. name) end
  return { name = name, ehlo_domain = source.ehlo_domain, source_address = source.source_address }
end)

-- Egress paths: the merged shaping for (domain, source, site). The result is cached per Lua
-- state for a minute; a policy reload (new epoch) starts with empty caches.
local path_config = mta.memoize(function(domain, source, site)
  return shaping:get_egress_path_config(domain, source, site)
end, { ttl = '1 minute', capacity = 10000 })

mta.on('get_egress_path_config', function(domain, source, site)
  return path_config(domain, source, site)
end)
