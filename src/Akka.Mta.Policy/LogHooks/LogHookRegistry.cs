namespace Akka.Mta.Policy.LogHooks;

/// <summary>
/// The log hooks of one policy epoch. Every Lua state of the epoch runs the same files, so each
/// configures the same hooks: the first state's definition of a name is kept. Read for every log
/// record, so reads take no lock and allocate nothing.
/// </summary>
internal sealed class LogHookRegistry
{
    private readonly Lock _lock = new();
    private LogHookDefinition[] _hooks = [];

    public IReadOnlyList<LogHookDefinition> Hooks => Volatile.Read(ref _hooks);

    public void Add(LogHookDefinition hook)
    {
        lock (_lock)
        {
            if (!_hooks.Any(h => h.Name == hook.Name))
            {
                Volatile.Write(ref _hooks, [.. _hooks, hook]);
            }
        }
    }
}
