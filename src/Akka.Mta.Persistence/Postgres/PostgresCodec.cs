using System.Text.Json;
using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;
using Npgsql;
using NpgsqlTypes;

namespace Akka.Mta.Persistence.Postgres;

/// <summary>Conversions between the model and PostgreSQL values, and adding parameters.</summary>
internal static class PostgresCodec
{
    public static T With<T>(this T command, string name, object? value) where T : class
    {
        var parameter = new NpgsqlParameter(name, value ?? DBNull.Value);
        if (value is null)
        {
            parameter.NpgsqlDbType = NpgsqlDbType.Text;
        }
        Parameters(command).Add(parameter);
        return command;
    }

    public static T WithBytes<T>(this T command, string name, ReadOnlyMemory<byte> value) where T : class
    {
        Parameters(command).Add(new NpgsqlParameter<ReadOnlyMemory<byte>>(name, NpgsqlDbType.Bytea) { TypedValue = value });
        return command;
    }

    private static NpgsqlParameterCollection Parameters(object command) => command switch
    {
        NpgsqlCommand c => c.Parameters,
        NpgsqlBatchCommand b => b.Parameters,
        _ => throw new ArgumentException($"{command.GetType().Name} has no Npgsql parameters", nameof(command)),
    };

    public static string RecipientsJson(IReadOnlyList<string> recipients) => JsonSerializer.Serialize(recipients);

    /// <summary>Reads the columns id, queue, due_ms, attempts, sender, recipients, metadata (0..6).</summary>
    public static (SpoolId Id, SpoolEnvelope Envelope, SpoolSchedule Schedule, string Metadata) ReadMessageHead(NpgsqlDataReader row) =>
        (SpoolId.FromBytes(row.GetFieldValue<byte[]>(0)),
         new SpoolEnvelope(row.GetString(4), JsonSerializer.Deserialize<string[]>(row.GetString(5)) ?? []),
         new SpoolSchedule(row.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(2)), row.GetInt32(3)),
         row.GetString(6));
}
