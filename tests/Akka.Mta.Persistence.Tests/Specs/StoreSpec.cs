namespace Akka.Mta.Persistence.Tests.Specs;

/// <summary>
/// Base of the contract suites: each test gets a fresh, empty store of the provider under test and may
/// close and reopen it on the same storage.
/// </summary>
public abstract class StoreSpec : IAsyncLifetime
{
    private IPersistenceStore? _store;

    protected IPersistenceStore Store => _store ?? throw new InvalidOperationException("the store is not open");

    /// <summary>Opens the provider's store on this test's storage (the same storage every call).</summary>
    protected abstract Task<IPersistenceStore> OpenStoreAsync();

    /// <summary>Removes this test's storage after the store is closed.</summary>
    protected abstract Task DeleteStorageAsync();

    /// <summary>Closes the store (finishing its queued writes) and opens it again, as a restarted node would.</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        _store = await OpenStoreAsync();
    }

    public async Task InitializeAsync() => _store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        await DeleteStorageAsync();
    }
}
