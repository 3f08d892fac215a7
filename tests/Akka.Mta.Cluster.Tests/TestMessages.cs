using System.Text.Json.Serialization;

namespace Akka.Mta.Cluster.Tests;

public interface IAccountMessage
{
    string Account { get; }
}

public sealed record Deposit(string Account, int Amount) : IAccountMessage;

public sealed record GetBalance(string Account) : IAccountMessage;

public sealed record Balance(string Account, int Amount);

public sealed record Crash(string Account) : IAccountMessage;

public sealed record PassivateNow(string Account) : IAccountMessage;

public sealed record StopAccount;

public sealed record Increment;

public sealed record GetCount;

public sealed record Count(int Value, string Path);

/// <summary>Not registered: region and singleton must refuse it.</summary>
public sealed record Unregistered(string Account) : IAccountMessage;

[JsonSerializable(typeof(Deposit))]
[JsonSerializable(typeof(GetBalance))]
[JsonSerializable(typeof(Balance))]
[JsonSerializable(typeof(Crash))]
[JsonSerializable(typeof(PassivateNow))]
[JsonSerializable(typeof(StopAccount))]
[JsonSerializable(typeof(Increment))]
[JsonSerializable(typeof(GetCount))]
[JsonSerializable(typeof(Count))]
internal sealed partial class TestMessagesJsonContext : JsonSerializerContext;

/// <summary>A sharded entity that reports its lifecycle and every message to a probe.</summary>
public sealed class AccountEntity : ReceiveActor
{
    private readonly string _id;
    private readonly IActorRef _probe;
    private int _balance;

    public AccountEntity(string id, IActorRef probe)
    {
        _id = id;
        _probe = probe;
        Receive<Deposit>(d =>
        {
            _balance += d.Amount;
            _probe.Tell($"{_id} deposit {d.Amount}");
        });
        Receive<GetBalance>(_ => Sender.Tell(new Balance(_id, _balance)));
        Receive<Crash>(_ => throw new InvalidOperationException($"{_id} crashed"));
        Receive<PassivateNow>(_ =>
        {
            Context.Parent.Tell(new Passivate(new StopAccount()));
            _probe.Tell($"{_id} passivating");
        });
        Receive<StopAccount>(_ =>
        {
            _probe.Tell($"{_id} stopping");
            Context.Stop(Self);
        });
    }

    protected override void PreStart() => _probe.Tell($"{_id} started at {Self.Path.ToStringWithoutAddress()}");

    protected override void PostStop() => _probe.Tell($"{_id} stopped");
}

public static class AccountSharding
{
    public static IMessageExtractor Extractor { get; } = new MessageExtractor(10, m => (m as IAccountMessage)?.Account);
}
