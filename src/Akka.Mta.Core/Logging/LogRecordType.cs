namespace Akka.Mta.Core.Logging;

/// <summary>The <c>type</c> of a delivery log record (KumoMTA's names, so existing log pipelines keep working).</summary>
public enum LogRecordType
{
    Reception,
    Delivery,
    Bounce,
    TransientFailure,
    Expiration,
    AdminBounce,
    OOB,
    Feedback,
    Rejection,
    AdminRebind,
    DeferredInjectionRebind,
    Delayed,
    XferOut,
    XferIn,
}
