using Xunit.Sdk;

namespace Akka.Mta.Actors.TestKit;

/// <summary>An expectation that was not met; xunit reports its message.</summary>
public sealed class TestKitAssertionException(string message) : XunitException(message);
