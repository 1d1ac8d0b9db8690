using System.Text;

namespace Kefu.Domain.Classification;

/// <summary>A feature vector with ascending feature ids; most messages touch a few hundred of the vocabulary's features.</summary>
public readonly record struct SparseVector(int[] Indices, float[] Values);

/// <summary>How text becomes features: character n-grams (which carry Chinese, where there are no spaces) plus word n-grams of the non-CJK text.</summary>
public sealed record FeaturizerSettings
{
    public int CharMinLength { get; init; } = 1;
    public int CharMaxLength { get; init; } = 4;
    public int WordMaxLength { get; init; } = 2;

    /// <summary>Weight of the word block relative to the character block; each block is L2-normalised on its own first.</summary>
    public float WordWeight { get; init; } = 1f;

    /// <summary>N-grams seen in fewer training messages are dropped; keeps the model small without hurting accuracy much.</summary>
    public int MinDocumentFrequency { get; init; } = 1;

    /// <summary>Order numbers and amounts differ in every message; their shape (digits) is what generalises.</summary>
    public bool FoldDigits { get; init; } = true;
}

/// <summary>
/// Turns a message into a sublinear TF-IDF vector over hashed n-grams. N-grams are keyed by a 64-bit hash of their
/// characters, so the vocabulary stores no strings and featurising allocates no substrings.
/// </summary>
public sealed class TextFeaturizer
{
    private const ulong CharKind = 0x9E3779B97F4A7C15UL;
    private const ulong WordKind = 0xC2B2AE3D27D4EB4FUL;
    private const ulong FnvPrime = 0x100000001B3UL;

    private readonly Dictionary<ulong, int> _ids;
    private readonly float[] _idf;
    private readonly bool[] _isWordFeature;

    private TextFeaturizer(FeaturizerSettings settings, Dictionary<ulong, int> ids, float[] idf, bool[] isWordFeature)
    {
        Settings = settings;
        _ids = ids;
        _idf = idf;
        _isWordFeature = isWordFeature;
    }

    public FeaturizerSettings Settings { get; }

    public int FeatureCount => _idf.Length;

    public static TextFeaturizer Fit(IReadOnlyList<string> texts, FeaturizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(settings);
        var documentFrequency = new Dictionary<ulong, (int Count, bool IsWord)>();
        var seen = new HashSet<ulong>();
        var keys = new List<(ulong Key, bool IsWord)>();
        foreach (var text in texts)
        {
            seen.Clear();
            keys.Clear();
            ExtractKeys(Normalize(text, settings.FoldDigits), settings, keys);
            foreach (var (key, isWord) in keys)
            {
                if (seen.Add(key))
                {
                    documentFrequency[key] = (documentFrequency.GetValueOrDefault(key).Count + 1, isWord);
                }
            }
        }

        var kept = documentFrequency.Where(p => p.Value.Count >= settings.MinDocumentFrequency).OrderBy(p => p.Key).ToList();
        var ids = new Dictionary<ulong, int>(kept.Count);
        var idf = new float[kept.Count];
        var isWordFeature = new bool[kept.Count];
        for (var i = 0; i < kept.Count; i++)
        {
            ids[kept[i].Key] = i;
            idf[i] = (float)(Math.Log((1.0 + texts.Count) / (1.0 + kept[i].Value.Count)) + 1.0);
            isWordFeature[i] = kept[i].Value.IsWord;
        }

        return new TextFeaturizer(settings, ids, idf, isWordFeature);
    }

    public SparseVector Transform(string text)
    {
        var keys = new List<(ulong Key, bool IsWord)>();
        ExtractKeys(Normalize(text, Settings.FoldDigits), Settings, keys);
        var ids = new List<int>(keys.Count);
        foreach (var (key, _) in keys)
        {
            if (_ids.TryGetValue(key, out var id))
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        var indices = new List<int>(ids.Count);
        var values = new List<float>(ids.Count);
        for (var i = 0; i < ids.Count;)
        {
            var j = i;
            while (j < ids.Count && ids[j] == ids[i])
            {
                j++;
            }

            indices.Add(ids[i]);
            values.Add((float)(1.0 + Math.Log(j - i)) * _idf[ids[i]]);
            i = j;
        }

        NormaliseBlocks(indices, values);
        return new SparseVector([.. indices], [.. values]);
    }

    private void NormaliseBlocks(List<int> indices, List<float> values)
    {
        double charNorm = 0, wordNorm = 0;
        for (var i = 0; i < indices.Count; i++)
        {
            if (_isWordFeature[indices[i]])
            {
                wordNorm += values[i] * values[i];
            }
            else
            {
                charNorm += values[i] * values[i];
            }
        }

        var charScale = charNorm > 0 ? (float)(1.0 / Math.Sqrt(charNorm)) : 0f;
        var wordScale = wordNorm > 0 ? (float)(Settings.WordWeight / Math.Sqrt(wordNorm)) : 0f;
        for (var i = 0; i < indices.Count; i++)
        {
            values[i] *= _isWordFeature[indices[i]] ? wordScale : charScale;
        }
    }

    /// <summary>NFKC folds full-width letters and digits (ｏｒｄｅｒ１２３) to ASCII; whitespace runs become one space, with one at each end.</summary>
    internal static string Normalize(string text, bool foldDigits)
    {
        var folded = (text ?? string.Empty).Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length + 2);
        builder.Append(' ');
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(foldDigits && char.IsAsciiDigit(c) ? '0' : c);
            }
        }

        if (builder[^1] != ' ')
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    private static void ExtractKeys(string normalized, FeaturizerSettings settings, List<(ulong Key, bool IsWord)> keys)
    {
        for (var n = settings.CharMinLength; n <= settings.CharMaxLength; n++)
        {
            for (var start = 0; start + n <= normalized.Length; start++)
            {
                var gram = normalized.AsSpan(start, n);
                if (gram.IsWhiteSpace())
                {
                    continue;
                }

                keys.Add((Hash(CharKind, gram), false));
            }
        }

        if (settings.WordMaxLength <= 0)
        {
            return;
        }

        var words = new List<ulong>();
        var wordStart = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var inWord = i < normalized.Length && IsWordCharacter(normalized[i]);
            if (inWord && wordStart < 0)
            {
                wordStart = i;
            }
            else if (!inWord && wordStart >= 0)
            {
                words.Add(Hash(WordKind, normalized.AsSpan(wordStart, i - wordStart)));
                wordStart = -1;
            }
        }

        for (var n = 1; n <= settings.WordMaxLength; n++)
        {
            for (var start = 0; start + n <= words.Count; start++)
            {
                var key = WordKind + (ulong)n;
                for (var k = 0; k < n; k++)
                {
                    key = (key ^ words[start + k]) * FnvPrime;
                }

                keys.Add((key, true));
            }
        }
    }

    /// <summary>Letters and digits outside the CJK blocks: Chinese runs have no word boundaries and are covered by the character n-grams.</summary>
    private static bool IsWordCharacter(char c) =>
        char.IsLetterOrDigit(c) && !(c is >= '\u3040' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF');

    private static ulong Hash(ulong seed, ReadOnlySpan<char> chars)
    {
        var hash = 0xCBF29CE484222325UL ^ seed;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash ^ (ulong)chars.Length;
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Settings.CharMinLength);
        writer.Write(Settings.CharMaxLength);
        writer.Write(Settings.WordMaxLength);
        writer.Write(Settings.WordWeight);
        writer.Write(Settings.MinDocumentFrequency);
        writer.Write(Settings.FoldDigits);
        writer.Write(_idf.Length);
        foreach (var (key, id) in _ids.OrderBy(p => p.Value))
        {
            writer.Write(key);
            writer.Write(_idf[id]);
            writer.Write(_isWordFeature[id]);
        }
    }

    internal static TextFeaturizer Read(BinaryReader reader)
    {
        var settings = new FeaturizerSettings
        {
            CharMinLength = reader.ReadInt32(),
            CharMaxLength = reader.ReadInt32(),
            WordMaxLength = reader.ReadInt32(),
            WordWeight = reader.ReadSingle(),
            MinDocumentFrequency = reader.ReadInt32(),
            FoldDigits = reader.ReadBoolean(),
        };
        var count = reader.ReadInt32();
        var ids = new Dictionary<ulong, int>(count);
        var idf = new float[count];
        var isWordFeature = new bool[count];
        for (var i = 0; i < count; i++)
        {
            ids[reader.ReadUInt64()] = i;
            idf[i] = reader.ReadSingle();
            isWordFeature[i] = reader.ReadBoolean();
        }

        return new TextFeaturizer(settings, ids, idf, isWordFeature);
    }
}
