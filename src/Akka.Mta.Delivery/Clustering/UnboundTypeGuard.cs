using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Akka.Mta.Delivery.Clustering;

/// <summary>
/// Akka's catch-all serializer (bound to System.Object in place of Newtonsoft.Json): a type of this
/// project that reaches it has no binding to <see cref="MtaJsonSerializer"/>, which is an error naming
/// the type — it would otherwise cross nodes or be persisted as reflection-based JSON without anyone
/// noticing. Everything else (Akka's own messages without a serializer of their own) goes to
/// Newtonsoft.Json as before.
/// </summary>
public sealed class UnboundTypeGuard(ExtendedActorSystem system) : Serializer(system)
{
    public const int Id = 4_711_002;
    private readonly NewtonSoftJsonSerializer _fallback = new(system);

    public override int Identifier => Id;

    public override bool IncludeManifest => _fallback.IncludeManifest;

    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Refuse(obj.GetType());
        return _fallback.ToBinary(obj);
    }

    public override object FromBinary(byte[] bytes, Type type)
    {
        if (type is not null)
        {
            Refuse(type);
        }
        return _fallback.FromBinary(bytes, type);
    }

    public static bool IsProjectType(Type type) => type.FullName?.StartsWith("Akka.Mta.", StringComparison.Ordinal) == true;

    private static void Refuse(Type type)
    {
        if (IsProjectType(type))
        {
            throw new SerializationException(
                $"{type.FullName} has no serializer binding: a message that crosses nodes or is persisted is declared with [JsonSerializable(typeof(...))] " +
                "in a context listed in MessageTypes; one that never leaves its node implements INoSerializationVerificationNeeded.");
        }
    }

    /// <summary>
    /// The catch-all while every message is verified (serialize-messages, tests): a project type
    /// without a binding still fails, but Akka's own node-local messages — some of which Newtonsoft
    /// cannot round-trip (Akka.Persistence's internals) and none of which this project owns — pass
    /// through unchanged, held in process by a key, so the verification covers this project's messages.
    /// </summary>
    public sealed class Verifying(ExtendedActorSystem system) : Serializer(system)
    {
        public const int Id = 4_711_003;
        private static readonly ConcurrentDictionary<Guid, object> InFlight = new();

        public override int Identifier => Id;

        public override bool IncludeManifest => true;

        public override byte[] ToBinary(object obj)
        {
            ArgumentNullException.ThrowIfNull(obj);
            Refuse(obj.GetType());
            var key = Guid.NewGuid();
            InFlight[key] = obj;
            return key.ToByteArray();
        }

        public override object FromBinary(byte[] bytes, Type type)
        {
            if (type is not null)
            {
                Refuse(type);
            }
            return InFlight.TryRemove(new Guid(bytes), out var obj)
                ? obj
                : throw new SerializationException($"{type?.FullName} was verified locally (serialize-messages) and cannot be read back here.");
        }
    }
}
