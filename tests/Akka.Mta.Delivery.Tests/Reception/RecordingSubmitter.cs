using Akka.Mta.Core;

namespace Akka.Mta.Delivery.Tests.Reception;

/// <summary>
/// Stands in for the delivery engine at the reception seam: records what reception hands over,
/// or fails like a spool that cannot write.
/// </summary>
internal sealed class RecordingSubmitter : IMessageSubmitter
{
    public List<InboundMessage> Submitted { get; } = [];
    public Exception? FailWith { get; set; }

    public Task<IReadOnlyList<SpoolId>> SubmitAsync(IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            return Task.FromException<IReadOnlyList<SpoolId>>(FailWith);
        }
        Submitted.AddRange(messages);
        return Task.FromResult<IReadOnlyList<SpoolId>>(messages.Select(_ => SpoolId.New(TimeProvider.System)).ToList());
    }
}
