namespace Akka.Mta.Persistence.Tests.Actors;

public sealed record Add(int Amount);

public sealed record AddEach(IReadOnlyList<int> Amounts);

public sealed record GetCount;

public sealed record TakeSnapshot;

public sealed record DeleteEventsUpTo(long SequenceNr);

public sealed record DeleteSnapshotsUpTo(long SequenceNr);

/// <summary>The counter's reply: its count, last sequence number and how it recovered.</summary>
public sealed record CountIs(int Count, long LastSequenceNr, long? RecoveredSnapshotNr = null, int EventsReplayed = 0);

/// <summary>The counter's event.</summary>
public sealed record Added(int Amount);

/// <summary>The counter's snapshot.</summary>
public sealed record CounterState(int Count);
