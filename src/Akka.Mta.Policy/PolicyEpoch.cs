using System.Collections.Concurrent;

namespace Akka.Mta.Policy;

/// <summary>
/// One loaded version of the policy: its files and a pool of Lua states built from them. Calls
/// borrow a state and return it; states are created on demand up to the limit, beyond which
/// callers wait. A retired epoch (a reload replaced it) disposes its states as they come back.
/// </summary>
internal sealed class PolicyEpoch : IDisposable
{
    private readonly ConcurrentBag<LuaRunner> _idle = [];
    private readonly SemaphoreSlim _slots;
    private int _retired;

    public PolicyEpoch(long number, EpochContext context, LuaRunner first)
    {
        Number = number;
        Context = context;
        Events = first.Registered.Keys.ToHashSet(StringComparer.Ordinal);
        _slots = new SemaphoreSlim(Math.Max(1, context.Options.MaxStates));
        _idle.Add(first);
    }

    public long Number { get; }

    public EpochContext Context { get; }

    public IReadOnlySet<string> Events { get; }

    public LuaRunner Borrow()
    {
        _slots.Wait();
        if (_idle.TryTake(out var runner))
        {
            return runner;
        }
        try
        {
            return LuaRunner.Create(Context);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Return(LuaRunner runner)
    {
        if (runner.Broken || Volatile.Read(ref _retired) != 0)
        {
            runner.Dispose();
        }
        else
        {
            _idle.Add(runner);
            if (Volatile.Read(ref _retired) != 0)
            {
                DisposeIdle();
            }
        }
        _slots.Release();
    }

    /// <summary>Stops pooling: idle states are disposed now, borrowed ones when they return.</summary>
    public void Retire()
    {
        Volatile.Write(ref _retired, 1);
        DisposeIdle();
    }

    public void Dispose() => Retire();

    private void DisposeIdle()
    {
        while (_idle.TryTake(out var runner))
        {
            runner.Dispose();
        }
    }
}
