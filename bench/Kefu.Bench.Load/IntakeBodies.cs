using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Kefu.Bench.Load;

/// <summary>
/// Request bodies for POST /api/v1/tickets. The JSON is serialised once into UTF-8 segments with two
/// holes (customer number, request number); a request only copies the segments and writes the digits,
/// so building a body costs the client next to nothing and the server gets real, varied intake.
/// </summary>
public sealed class IntakeBodies
{
    private const string CustomerHole = "@@C@@";
    private const string RequestHole = "@@N@@";

    // Chinese text goes out as raw UTF-8, as a host platform would send it, not as \u escapes.
    private static readonly JsonSerializerOptions TemplateJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly byte[][] _segments;
    private readonly bool[] _holeIsCustomer;
    private readonly int _fixedLength;
    private readonly int _reuseEvery;

    public IntakeBodies(string tag, int reuseEvery)
    {
        if (tag.Length is 0 or > 32 || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("--tag must be 1 to 32 ASCII letters, digits or '-'.", nameof(tag));
        }

        _reuseEvery = reuseEvery;
        var template = new
        {
            customer = new { externalId = $"bench-{tag}-{CustomerHole}", name = "压测用户", email = $"u{CustomerHole}.{tag}@example.com" },
            subject = $"订单退款问题 #{RequestHole}",
            description = $"收到的商品有破损，申请退款。订单号 BX{RequestHole}",
            category = "refund",
            orderNumber = $"BX{RequestHole}",
            channel = "api",
        };

        var json = JsonSerializer.Serialize(template, TemplateJson);
        var segments = new List<byte[]>();
        var holes = new List<bool>();
        var rest = json.AsSpan();
        while (true)
        {
            var c = rest.IndexOf(CustomerHole, StringComparison.Ordinal);
            var n = rest.IndexOf(RequestHole, StringComparison.Ordinal);
            if (c < 0 && n < 0)
            {
                segments.Add(Encoding.UTF8.GetBytes(rest.ToString()));
                break;
            }

            var isCustomer = n < 0 || (c >= 0 && c < n);
            var at = isCustomer ? c : n;
            segments.Add(Encoding.UTF8.GetBytes(rest[..at].ToString()));
            holes.Add(isCustomer);
            rest = rest[(at + CustomerHole.Length)..];
        }

        _segments = [.. segments];
        _holeIsCustomer = [.. holes];
        _fixedLength = _segments.Sum(s => s.Length);
    }

    /// <summary>The customer that request <paramref name="n"/> (from 1) files for: usually its own, every Nth an earlier one's.</summary>
    public long CustomerFor(long n)
    {
        if (_reuseEvery <= 0 || n < _reuseEvery || n % _reuseEvery != 0)
        {
            return n;
        }

        // Half-way back, so the earlier ticket is long committed; never itself a reusing request.
        var earlier = n / 2;
        return earlier % _reuseEvery == 0 ? earlier + 1 : earlier;
    }

    public byte[] For(long n)
    {
        var customer = CustomerFor(n);
        Span<byte> customerDigits = stackalloc byte[20];
        Span<byte> requestDigits = stackalloc byte[20];
        customer.TryFormat(customerDigits, out var customerLength, default, System.Globalization.CultureInfo.InvariantCulture);
        n.TryFormat(requestDigits, out var requestLength, default, System.Globalization.CultureInfo.InvariantCulture);

        var length = _fixedLength;
        foreach (var isCustomer in _holeIsCustomer)
        {
            length += isCustomer ? customerLength : requestLength;
        }

        var body = new byte[length];
        var span = body.AsSpan();
        for (var i = 0; i < _segments.Length; i++)
        {
            _segments[i].CopyTo(span);
            span = span[_segments[i].Length..];
            if (i < _holeIsCustomer.Length)
            {
                var digits = _holeIsCustomer[i] ? customerDigits[..customerLength] : requestDigits[..requestLength];
                digits.CopyTo(span);
                span = span[digits.Length..];
            }
        }

        return body;
    }
}
