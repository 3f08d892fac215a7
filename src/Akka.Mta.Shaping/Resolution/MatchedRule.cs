using Akka.Mta.Shaping.Automation;

namespace Akka.Mta.Shaping.Resolution;

/// <summary>
/// A rule that matched a response, with the block it came from: <c>default</c>, <c>provider:yahoo</c>,
/// <c>site:(mta5|mta6|mta7).am0.yahoodns.net</c> or <c>domain:comcast.net</c>. <see cref="IsRollup"/>
/// rules act on the site (a <c>SetConfig</c> override covers every domain of the site).
/// </summary>
public sealed record MatchedRule(AutomationRule Rule, string Scope, bool IsRollup);
