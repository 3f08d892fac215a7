namespace Akka.Mta.Dns.Protocol;

/// <summary>Resource record types the resolver knows by name; any other value still round-trips as a number.</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    OPT = 41,
}

/// <summary>RCODE values (RFC 1035 4.1.1, RFC 6891 for the extended ones).</summary>
public enum DnsResponseCode : ushort
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NxDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
}
