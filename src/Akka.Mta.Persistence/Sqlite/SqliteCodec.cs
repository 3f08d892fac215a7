using System.Runtime.InteropServices;
using System.Text.Json;
using Akka.Mta.Core;
using Akka.Mta.Persistence.Spool;
using Microsoft.Data.Sqlite;

namespace Akka.Mta.Persistence.Sqlite;

/// <summary>Conversions between the model and SQLite values, and adding parameters.</summary>
internal static class SqliteCodec
{
    /// <summary>The bytes of a payload, without a copy when the memory is a whole array.</summary>
    public static byte[] Bytes(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    public static string RecipientsJson(IReadOnlyList<string> recipients) => JsonSerializer.Serialize(recipients);

    public static IReadOnlyList<string> Recipients(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Reads the columns id, queue, due_ms, attempts, sender, recipients, metadata (0..6).</summary>
    public static (SpoolId Id, SpoolEnvelope Envelope, SpoolSchedule Schedule, string Metadata) ReadMessageHead(SqliteDataReader row) =>
        (SpoolId.FromBytes(row.GetFieldValue<byte[]>(0)),
         new SpoolEnvelope(row.GetString(4), Recipients(row.GetString(5))),
         new SpoolSchedule(row.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(2)), row.GetInt32(3)),
         row.GetString(6));
}
