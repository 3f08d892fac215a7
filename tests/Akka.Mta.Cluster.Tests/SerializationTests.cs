namespace Akka.Mta.Cluster.Tests;

public sealed class SerializationTests
{
    /// <summary>One sample per registered type; adding a type without a sample fails the round-trip test.</summary>
    private static readonly object[] Samples =
    [
        new Deposit("acc", 10),
        new GetBalance("acc"),
        new Balance("acc", 3),
        new Crash("acc"),
        new PassivateNow("acc"),
        new StopAccount(),
        new Increment(),
        new GetCount(),
        new Count(4, "/system/x"),
        new StartEntity("e"),
        new StartEntityAck("e", "7"),
        new GetShardRegionState(),
        new CurrentShardRegionState([new ShardState("1", ["a", "b"])]),
    ];

    private static MessageSerialization Registry()
    {
        var registry = MessageSerialization.CreateStandalone();
        registry.Register(TestMessagesJsonContext.Default);
        return registry;
    }

    [Fact]
    public void EveryRegisteredType_RoundTrips()
    {
        var problems = Registry().VerifySamples(Samples);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void ARegisteredTypeWithoutSample_IsReported()
    {
        var problems = Registry().VerifySamples(Samples.Where(s => s is not Count));
        Assert.Equal([$"No sample for the registered type {typeof(Count).FullName}."], problems);
    }

    [Fact]
    public void Serialize_UsesTheFullTypeNameAsManifest_AndDeserializeRestoresTheRecord()
    {
        var registry = Registry();
        var serialized = registry.Serialize(new Deposit("acc", 10));
        Assert.Equal("Akka.Mta.Cluster.Tests.Deposit", serialized.Manifest);
        Assert.Equal("""{"Account":"acc","Amount":10}""", System.Text.Encoding.UTF8.GetString(serialized.Payload));
        Assert.Equal(new Deposit("acc", 10), registry.Deserialize(serialized));
    }

    [Fact]
    public void AnUnknownManifest_OrABadPayload_FailsWithAClearError()
    {
        var registry = Registry();
        var unknown = Assert.Throws<MessageNotSerializableException>(() => registry.Deserialize("No.Such.Type", "{}"u8));
        Assert.Contains("No.Such.Type", unknown.Message);
        var bad = Assert.Throws<MessageNotSerializableException>(() => registry.Deserialize(typeof(Deposit).FullName!, "{\"Amount\":\"ten\"}"u8));
        Assert.Contains(typeof(Deposit).FullName!, bad.Message);
    }

    [Fact]
    public void SerializingAnUnregisteredType_Fails()
    {
        var error = Assert.Throws<MessageNotSerializableException>(() => Registry().Serialize(new Unregistered("x")));
        Assert.Contains(nameof(Unregistered), error.Message);
    }
}
