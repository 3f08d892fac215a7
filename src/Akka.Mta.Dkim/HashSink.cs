using System.Buffers;
using System.Security.Cryptography;

namespace Akka.Mta.Dkim;

/// <summary>Canonical output gathered in a pooled buffer and fed to SHA-256 in chunks.</summary>
internal sealed class HashSink : IDisposable
{
    private const int Size = 16 * 1024;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(Size);
    private int _used;

    /// <summary>Tests read the canonical bytes back from here.</summary>
    public MemoryStream? Copy { get; init; }

    /// <summary>Bytes written since the last <see cref="Finish"/>.</summary>
    public long Length { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        Copy?.Write(data);
        Length += data.Length;
        if (data.Length >= Size)
        {
            Flush();
            _hash.AppendData(data);
            return;
        }
        if (_used + data.Length > Size)
        {
            Flush();
        }
        data.CopyTo(_buffer.AsSpan(_used));
        _used += data.Length;
    }

    public void Write(byte value)
    {
        Copy?.WriteByte(value);
        if (_used == Size)
        {
            Flush();
        }
        _buffer[_used++] = value;
        Length++;
    }

    public void CrLf()
    {
        Write((byte)'\r');
        Write((byte)'\n');
    }

    /// <summary>The digest of everything written; the sink starts over empty.</summary>
    public void Finish(Span<byte> digest)
    {
        Flush();
        _hash.GetHashAndReset(digest);
        Length = 0;
    }

    private void Flush()
    {
        if (_used > 0)
        {
            _hash.AppendData(_buffer.AsSpan(0, _used));
            _used = 0;
        }
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
