using System.Globalization;
using System.Numerics;

namespace NmSparse.Translation.Metrics;

/// <summary>
/// The few Python string behaviours that sacreBLEU's output depends on, reproduced exactly: what
/// <c>str.split()</c>/<c>str.rstrip()</c> treat as whitespace, and how <c>f"{x:.Nf}"</c> rounds.
/// </summary>
internal static class PythonText
{
    /// <summary>
    /// Python's <c>str.isspace()</c>. It is .NET's <see cref="char.IsWhiteSpace(char)"/> plus the four ASCII
    /// information separators U+001C..U+001F, which Python counts as whitespace and .NET does not.
    /// </summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || (c >= '\u001c' && c <= '\u001f');

    /// <summary>Python's <c>s.rstrip()</c>.</summary>
    public static string RStrip(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1])) end--;
        return end == s.Length ? s : s[..end];
    }

    /// <summary>
    /// Python's <c>f"{value:.{decimals}f}"</c>: the exact binary value rounded half-to-even. .NET's "F" format
    /// rounds exact ties away from zero (6.25 → "6.3" where Python prints "6.2"), hence this exact version.
    /// </summary>
    public static string FormatFixed(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";

        long bits = BitConverter.DoubleToInt64Bits(value);
        int biasedExponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (biasedExponent == 0) biasedExponent = 1; // subnormal: no implicit leading bit
        else mantissa |= 1L << 52;
        int exponent = biasedExponent - 1075; // |value| = mantissa * 2^exponent exactly

        BigInteger scaled = mantissa * BigInteger.Pow(10, decimals);
        BigInteger rounded;
        if (exponent >= 0)
        {
            rounded = scaled << exponent;
        }
        else
        {
            BigInteger denominator = BigInteger.One << -exponent;
            rounded = BigInteger.DivRem(scaled, denominator, out BigInteger remainder);
            int vsHalf = (remainder << 1).CompareTo(denominator);
            if (vsHalf > 0 || (vsHalf == 0 && !rounded.IsEven)) rounded += 1;
        }

        string digits = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        string text = decimals == 0 ? digits : $"{digits[..^decimals]}.{digits[^decimals..]}";
        return bits < 0 ? "-" + text : text;
    }
}
