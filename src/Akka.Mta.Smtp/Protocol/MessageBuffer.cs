using System.Buffers;

namespace Akka.Mta.Smtp.Protocol;

/// <summary>
/// A growable message body in pooled segments: an <see cref="IBufferWriter{T}"/> to write into
/// and a <see cref="ReadOnlySequence{T}"/> to read back without copying. Segments go back to the
/// pool on <see cref="Reset"/> and <see cref="Dispose"/>.
/// </summary>
public sealed class MessageBuffer : IBufferWriter<byte>, IDisposable
{
    private const int MinSegmentSize = 16 * 1024;
    private const int MaxSegmentSize = 1024 * 1024;

    private Segment? _first;
    private Segment? _last;

    public long Length { get; private set; }

    public ReadOnlySequence<byte> Content => _first is null
        ? ReadOnlySequence<byte>.Empty
        : new ReadOnlySequence<byte>(_first, 0, _last!, _last!.Written);

    public void Advance(int count)
    {
        _last!.Written += count;
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(_last!.Written);

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(_last!.Written);

    /// <summary>Returns every segment to the pool; the buffer is empty and reusable.</summary>
    public void Reset()
    {
        for (var s = _first; s is not null; s = (Segment?)s.Next)
        {
            ArrayPool<byte>.Shared.Return(s.Array);
        }
        _first = _last = null;
        Length = 0;
    }

    public void Dispose() => Reset();

    private byte[] Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_last is not null && _last.Array.Length - _last.Written >= sizeHint)
        {
            return _last.Array;
        }
        var size = Math.Clamp((int)Math.Min(Length, MaxSegmentSize), MinSegmentSize, MaxSegmentSize);
        var segment = new Segment(ArrayPool<byte>.Shared.Rent(Math.Max(size, sizeHint)), Length);
        if (_last is null)
        {
            _first = segment;
        }
        else
        {
            _last.Link(segment);
        }
        _last = segment;
        return segment.Array;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        private int _written;

        public Segment(byte[] array, long runningIndex)
        {
            Array = array;
            RunningIndex = runningIndex;
            Memory = array.AsMemory(0, 0);
        }

        public byte[] Array { get; }

        public int Written
        {
            get => _written;
            set
            {
                _written = value;
                Memory = Array.AsMemory(0, value);
            }
        }

        public void Link(Segment next) => Next = next;
    }
}
