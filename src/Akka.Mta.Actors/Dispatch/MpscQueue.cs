using System.Runtime.InteropServices;

namespace Akka.Mta.Actors;

/// <summary>
/// An unbounded multi-producer, single-consumer queue of array segments sized by the backlog when
/// they are added (16 to 1024 slots), so a mostly idle actor costs little. A producer
/// claims a slot with one atomic add on the tail (never retried, unlike a compare-and-swap loop),
/// stores the item, then publishes it. The consumer reads slots in order with plain loads and no
/// atomic operation. Segments are never reused, so a stale segment reference stays valid.
/// </summary>
internal sealed class MpscQueue<T>
{
    private const int FirstSegmentSize = 16;
    private const int MaxSegmentSize = 1024;

    // Segment refs change once per segment; the two counters change per message and sit on cache
    // lines of their own, so producers adding to the tail do not evict the consumer's head.
    private Segment _head;
    private volatile Segment _consumerSegment;
    private volatile Segment _tailSegment;
    private Counters _counters;

    public MpscQueue()
    {
        _head = new Segment(0, FirstSegmentSize);
        _consumerSegment = _head;
        _tailSegment = _head;
    }

    /// <summary>True when no slot has been claimed beyond what the consumer took (a claimed slot may still be in flight).</summary>
    public bool IsEmpty => Volatile.Read(ref _counters.Tail) == _counters.Head;

    /// <summary>Claimed but not consumed (approximate while producers run).</summary>
    public int Count => (int)(Volatile.Read(ref _counters.Tail) - _counters.Head);

    public void Enqueue(T item)
    {
        var index = Interlocked.Increment(ref _counters.Tail) - 1;
        var segment = _tailSegment;
        if (segment.Base > index)
        {
            // The hint moved past our slot: the consumer cannot have, so start from its segment.
            segment = _consumerSegment;
        }
        while (index >= segment.Base + segment.Slots.Length)
        {
            segment = segment.Next ?? Append(segment, index);
        }
        ref var slot = ref segment.Slots[(int)(index - segment.Base)];
        slot.Item = item;
        Volatile.Write(ref slot.Ready, 1);
    }

    /// <summary>Takes the next item; false when empty. Spins briefly over a slot claimed but not yet stored.</summary>
    public bool TryDequeue(out T item)
    {
        var segment = _head;
        var offset = (int)(_counters.Head - segment.Base);
        if (offset == segment.Slots.Length)
        {
            var next = segment.Next;
            if (next is null)
            {
                item = default!;
                return false;
            }
            _head = segment = next;
            _consumerSegment = next;
            offset = 0;
        }
        ref var slot = ref segment.Slots[offset];
        if (Volatile.Read(ref slot.Ready) == 0)
        {
            if (Volatile.Read(ref _counters.Tail) == _counters.Head)
            {
                item = default!;
                return false;
            }
            var spinner = new SpinWait();
            while (Volatile.Read(ref slot.Ready) == 0)
            {
                if (spinner.Count > 20)
                {
                    // The producer was descheduled mid-store: report empty; its own post reschedules us.
                    item = default!;
                    return false;
                }
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
        item = slot.Item;
        slot.Item = default!;
        _counters.Head++;
        return true;
    }

    private Segment Append(Segment last, long index)
    {
        // Sized by the backlog, not by history: an actor that once had a burst goes back to small
        // segments, so many mostly idle actors stay cheap.
        var backlog = Math.Max(index - Volatile.Read(ref _counters.Head), 1);
        var size = (int)Math.Clamp(System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)backlog * 2), FirstSegmentSize, MaxSegmentSize);
        var next = new Segment(last.Base + last.Slots.Length, size);
        var winner = Interlocked.CompareExchange(ref last.Next, next, null) ?? next;
        var hint = _tailSegment;
        while (hint.Base < winner.Base && Interlocked.CompareExchange(ref _tailSegment, winner, hint) != hint)
        {
            hint = _tailSegment;
        }
        return winner;
    }

    private struct Slot
    {
        public T Item;
        public int Ready;
    }

    private sealed class Segment(long baseIndex, int size)
    {
        public readonly long Base = baseIndex;
        public readonly Slot[] Slots = new Slot[size];
        public Segment? Next;
    }
}

/// <summary>The tail (producers) and head (consumer) counters, each on its own cache line.</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct Counters
{
    [FieldOffset(64)]
    public long Tail;

    [FieldOffset(128)]
    public long Head;
}
