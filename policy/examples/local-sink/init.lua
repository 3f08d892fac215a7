-- The quickstart policy (docs/quickstart.sh): every message, whatever its domain, goes to one local
-- `akka-mta sink`, shaped by shaping.toml beside this file (a visible rate limit and one automation
-- rule). Start it with:
--   akka-mta serve --policy policy/examples/local-sink/init.lua
local mta = require 'mta'

-- Where `akka-mta sink --listen` listens (docs/quickstart.sh starts it there).
local SINK = '127.0.0.1:2526'

-- KumoMTA-format shaping: the limits of every egress path and the automation rules.
local shaping = mta.shaping.load { 'shaping.toml' }

-- Reception: the tenant comes from an X-Tenant header ('quickstart' without one).
local function classify(msg)
  msg:set_meta('tenant', msg:get_first_named_header_value('X-Tenant') or 'quickstart')
end
mta.on('smtp_server_message_received', classify)
mta.on('http_message_generated', classify)

-- Queues: route every domain to the sink (mx_list skips DNS) and retry soon.
mta.on('get_queue_config', function(domain, tenant, campaign, routing_domain)
  return {
    protocol = { smtp = { mx_list = { SINK } } },
    retry_interval = '1m',
    max_age = '1h',
  }
end)

-- Egress paths: the shaping file's options; loopback is prohibited by default, so allow it here.
mta.on('get_egress_path_config', function(domain, source, site)
  local config = shaping:get_egress_path_config(domain, source, site)
  config.prohibited_hosts = {}
  return config
end)
