using System.Globalization;
using System.Text;

namespace Akka.Mta.Dkim;

/// <summary>
/// The <c>DKIM-Signature</c> field of one signature, folded at tag boundaries so that lines stay
/// short. <see cref="WriteUnsigned"/> feeds the field with an empty <c>b=</c> (and no final CRLF)
/// to the header hash, as RFC 6376 3.7 requires; <see cref="Complete"/> adds the signature.
/// </summary>
internal sealed class SignatureField
{
    private const int LineWidth = 76;
    private readonly StringBuilder _text;
    private readonly DkimCanonicalization _mode;
    private int _lineStart;

    public SignatureField(DkimSigner signer, DateTimeOffset now, IReadOnlyList<string> names, string bodyHash)
    {
        var o = signer.Options;
        _mode = o.HeaderCanonicalization;
        _text = new StringBuilder(DkimSigner.FieldName.Length + 200 + (names.Count * 12) + (signer.Key.SignatureSize * 2));
        _text.Append(DkimSigner.FieldName).Append(": v=1;");
        Piece(" ", "a=" + signer.Algorithm.Format() + ";");
        Piece(" ", $"c={o.HeaderCanonicalization.Format()}/{o.BodyCanonicalization.Format()};");
        Piece(" ", "d=" + o.Domain + ";");
        Piece(" ", "s=" + o.Selector + ";");
        if (o.AgentUserIdentifier is { } i)
        {
            Piece(" ", "i=" + i + ";");
        }
        var t = now.ToUnixTimeSeconds();
        Piece(" ", "t=" + t.ToString(CultureInfo.InvariantCulture) + ";");
        if (o.Expiration is { } x)
        {
            Piece(" ", "x=" + (t + (long)Math.Ceiling(x.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + ";");
        }
        // h= may be folded after any of its colons.
        for (var n = 0; n < names.Count; n++)
        {
            var last = n + 1 == names.Count;
            Piece(n == 0 ? " " : string.Empty, (n == 0 ? "h=" : string.Empty) + names[n] + (last ? ";" : ":"));
        }
        Piece(" ", "bh=" + bodyHash + ";");
        _text.Append("\r\n\tb=");
    }

    /// <summary>Appends <paramref name="piece"/> after <paramref name="separator"/>, or on a new folded line when it would not fit.</summary>
    private void Piece(string separator, string piece)
    {
        if (_text.Length - _lineStart + separator.Length + piece.Length > LineWidth)
        {
            _text.Append("\r\n\t");
            _lineStart = _text.Length - 1;
        }
        else
        {
            _text.Append(separator);
        }
        _text.Append(piece);
    }

    public void WriteUnsigned(HashSink sink)
    {
        var bytes = Encoding.ASCII.GetBytes(_text.ToString());
        if (_mode == DkimCanonicalization.Simple)
        {
            sink.Write(bytes);
            return;
        }
        var colon = Array.IndexOf(bytes, (byte)':');
        foreach (var b in bytes.AsSpan(0, colon))
        {
            sink.Write(b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b);
        }
        sink.Write((byte)':');
        Canonicalizer.RelaxedValue(bytes.AsSpan(colon + 1), sink);
    }

    /// <summary>The whole field with the signature, folded every 72 characters, ending in CRLF.</summary>
    public string Complete(string signature)
    {
        var text = new StringBuilder(_text.Length + signature.Length + (signature.Length / 72 * 3) + 2).Append(_text);
        for (var i = 0; i < signature.Length; i += 72)
        {
            if (i > 0)
            {
                text.Append("\r\n\t ");
            }
            text.Append(signature, i, Math.Min(72, signature.Length - i));
        }
        return text.Append("\r\n").ToString();
    }
}
