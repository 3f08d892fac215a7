using System.Globalization;
using Akka.Mta.Toml.Storage;

namespace Akka.Mta.Toml.Parsing;

/// <summary>Integers (decimal, 0x, 0o, 0b), floats (with inf and nan), and the switch to date/times.</summary>
internal ref partial struct TomlReader
{
    private TomlRow ReadNumberOrDateTime(TomlPosition position)
    {
        var start = _pos;
        if (LooksLikeDateTime(start))
        {
            return ReadDateTime(position);
        }
        var p = start;
        var negative = false;
        if (_src[p] is (byte)'+' or (byte)'-')
        {
            negative = _src[p] == '-';
            p++;
        }
        if (IsWordAt(p, "inf"u8) || IsWordAt(p, "nan"u8))
        {
            _pos = p + 3;
            var special = _src[p] == 'i' ? double.PositiveInfinity : double.NaN;
            return TomlRow.Value(TomlKind.Float, BitConverter.DoubleToInt64Bits(negative ? -special : special), position);
        }
        if (p >= _src.Length || !IsDigit(_src[p]))
        {
            throw InvalidValue(start);
        }
        if (_src[p] == '0' && p + 1 < _src.Length && _src[p + 1] is (byte)'x' or (byte)'o' or (byte)'b')
        {
            if (p != start)
            {
                throw ErrorAt(start, "a hexadecimal, octal or binary integer cannot have a sign");
            }
            return ReadRadixInteger(position);
        }
        if (_src[p] == '0' && p + 1 < _src.Length && (IsDigit(_src[p + 1]) || _src[p + 1] == '_'))
        {
            throw ErrorAt(p, "a number cannot start with 0 followed by more digits (leading zeros are not allowed)");
        }

        ulong magnitude = 0;
        var overflow = false;
        while (p < _src.Length)
        {
            var b = _src[p];
            if (IsDigit(b))
            {
                var digit = (uint)(b - '0');
                overflow |= magnitude > (ulong.MaxValue - digit) / 10;
                magnitude = (magnitude * 10) + digit;
                p++;
            }
            else if (b == '_')
            {
                p = SkipUnderscore(p, IsDigit);
            }
            else
            {
                break;
            }
        }

        var isFloat = false;
        if (p < _src.Length && _src[p] == '.')
        {
            isFloat = true;
            p = ScanDigits(p + 1, "a digit after the decimal point");
        }
        if (p < _src.Length && _src[p] is (byte)'e' or (byte)'E')
        {
            isFloat = true;
            p++;
            if (p < _src.Length && _src[p] is (byte)'+' or (byte)'-')
            {
                p++;
            }
            p = ScanDigits(p, "a digit in the exponent");
        }
        if (p < _src.Length && !IsValueEnd(_src[p]))
        {
            throw ErrorAt(p, $"{Describe(p)} is not valid in the number \"{Excerpt(start, p + 1)}\"");
        }
        _pos = p;

        if (isFloat)
        {
            return TomlRow.Value(TomlKind.Float, BitConverter.DoubleToInt64Bits(ParseFloat(start, p)), position);
        }
        var limit = negative ? 9223372036854775808UL : long.MaxValue;
        if (overflow || magnitude > limit)
        {
            throw ErrorAt(start, $"the integer {Excerpt(start, p)} is outside the 64-bit range");
        }
        return TomlRow.Value(TomlKind.Integer, negative ? unchecked(-(long)magnitude) : (long)magnitude, position, (byte)TomlIntegerFormat.Decimal);
    }

    /// <summary>Digits with single underscores between them, at least one; returns the offset after them.</summary>
    private readonly int ScanDigits(int p, string expected)
    {
        if (p >= _src.Length || !IsDigit(_src[p]))
        {
            throw ErrorAt(p, $"expected {expected}, found {Describe(p)}");
        }
        while (p < _src.Length)
        {
            if (IsDigit(_src[p]))
            {
                p++;
            }
            else if (_src[p] == '_')
            {
                p = SkipUnderscore(p, IsDigit);
            }
            else
            {
                break;
            }
        }
        return p;
    }

    /// <summary>An underscore must sit between two digits (the one before is already read).</summary>
    private readonly int SkipUnderscore(int p, Func<byte, bool> isDigit)
    {
        if (p + 1 >= _src.Length || !isDigit(_src[p + 1]))
        {
            throw ErrorAt(p, "an underscore in a number must sit between two digits");
        }
        return p + 1;
    }

    private readonly double ParseFloat(int start, int end)
    {
        Span<byte> digits = end - start <= 256 ? stackalloc byte[end - start] : new byte[end - start];
        var length = 0;
        foreach (var b in _src[start..end])
        {
            if (b != '_')
            {
                digits[length++] = b;
            }
        }
        return double.Parse(digits[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private TomlRow ReadRadixInteger(TomlPosition position)
    {
        var start = _pos;
        var (format, bits, name) = _src[start + 1] switch
        {
            (byte)'x' => (TomlIntegerFormat.Hexadecimal, 4, "hexadecimal"),
            (byte)'o' => (TomlIntegerFormat.Octal, 3, "octal"),
            _ => (TomlIntegerFormat.Binary, 1, "binary"),
        };
        Func<byte, bool> isDigit = bits switch
        {
            4 => static b => HexValue(b) >= 0,
            3 => static b => (uint)(b - '0') <= 7,
            _ => static b => b is (byte)'0' or (byte)'1',
        };
        var p = start + 2;
        if (p >= _src.Length || !isDigit(_src[p]))
        {
            throw ErrorAt(p, $"expected {(bits == 3 ? "an" : "a")} {name} digit after \"{Excerpt(start, start + 2)}\", found {Describe(p)}");
        }
        ulong value = 0;
        var overflow = false;
        while (p < _src.Length)
        {
            var b = _src[p];
            if (isDigit(b))
            {
                overflow |= value >> (64 - bits) != 0;
                value = (value << bits) | (uint)HexValue(b);
                p++;
            }
            else if (b == '_')
            {
                p = SkipUnderscore(p, isDigit);
            }
            else
            {
                break;
            }
        }
        if (p < _src.Length && !IsValueEnd(_src[p]))
        {
            throw ErrorAt(p, $"{Describe(p)} is not valid in the {name} integer \"{Excerpt(start, p + 1)}\"");
        }
        if (overflow || value > long.MaxValue)
        {
            throw ErrorAt(start, $"the integer {Excerpt(start, p)} is outside the 64-bit range");
        }
        _pos = p;
        return TomlRow.Value(TomlKind.Integer, (long)value, position, (byte)format);
    }
}
