namespace Akka.Mta.Policy.LogHooks;

/// <summary>
/// The log hooks of one policy epoch. Every Lua state of the epoch runs the same files, so each
/// configures the same hooks: the first state's definition of a name is kept.
/// </summary>
internal sealed class LogHookRegistry
{
    private readonly Lock _lock = new();
    private readonly List<LogHookDefinition> _hooks = [];

    public IReadOnlyList<LogHookDefinition> Hooks
    {
        get
        {
            lock (_lock)
            {
                return [.. _hooks];
            }
        }
    }

    public void Add(LogHookDefinition hook)
    {
        lock (_lock)
        {
            if (!_hooks.Any(h => h.Name == hook.Name))
            {
                _hooks.Add(hook);
            }
        }
    }
}
