using Akka.Mta.Dns.Protocol;

namespace Akka.Mta.Dns;

internal readonly record struct CacheKey(string Name, DnsRecordType Type);
