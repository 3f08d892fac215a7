using System.Diagnostics;
using Npgsql;

namespace Akka.Mta.Testing.Postgres;

/// <summary>
/// A PostgreSQL server for tests: the one named by <c>AKKAMTA_TEST_PG_URL</c> (a postgres:// URL or an
/// Npgsql connection string with rights to create databases) when it is set, otherwise a throwaway
/// cluster started for this test run. Tests get databases of their own from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string UrlVariable = "AKKAMTA_TEST_PG_URL";
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(2);

    private readonly ThrowawayCluster? _cluster;

    private PostgresServer(string adminConnectionString, ThrowawayCluster? cluster)
    {
        AdminConnectionString = adminConnectionString;
        _cluster = cluster;
    }

    /// <summary>A connection string to the server's maintenance database, allowed to create databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The throwaway cluster's server log, or null for a server given by URL.</summary>
    public string? LogFile => _cluster?.LogFile;

    public static async Task<PostgresServer> StartAsync()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            var server = new PostgresServer(PostgresUrl.ToConnectionString(url), null);
            await server.WaitUntilReadyAsync();
            return server;
        }
        var cluster = await ThrowawayCluster.StartAsync();
        try
        {
            var server = new PostgresServer(cluster.ConnectionString("postgres"), cluster);
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new, empty database; disposing it drops it.</summary>
    public async Task<PostgresDatabase> CreateDatabaseAsync(string prefix = "test")
    {
        var safePrefix = new string(prefix.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_').Take(24).ToArray());
        var name = $"{safePrefix}_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        return new PostgresDatabase(this, name, builder.ConnectionString);
    }

    internal Task DropDatabaseAsync(string name) => ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls with a connection until the server answers a query, or fails naming the server and its last error.</summary>
    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < ReadyDeadline)
        {
            try
            {
                await ExecuteAsync("SELECT 1");
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException)
            {
                last = error;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        var log = _cluster is null ? "" : $"; server log: {ProcessRunner.Tail(_cluster.LogFile)}";
        throw new TimeoutException(
            $"PostgreSQL at {builder.Host}:{builder.Port} did not accept a query within {ReadyDeadline}: {last?.Message}{log}", last);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
