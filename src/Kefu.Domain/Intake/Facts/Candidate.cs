namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// A reading of part of the text. Readings overlap ("订单号13800138000" is a label, a phone shape and a long number);
/// the one with the lowest rank wins, then the one that explains more of the text. <see cref="Fact"/> is null for
/// text that must not be read as anything (a card number, a masked phone, "尾号6632").
/// </summary>
internal readonly record struct Candidate(int ClaimStart, int ClaimLength, Rank Rank, ExtractedFact? Fact)
{
    public int ClaimEnd => ClaimStart + ClaimLength;

    public static Candidate For(Rank rank, ExtractedFact fact) => new(fact.Start, fact.Length, rank, fact);
}

/// <summary>How much a reading is trusted: words that say what a number is beat the shape of the number.</summary>
internal enum Rank
{
    Withheld,
    Labelled,
    Date,
    Contact,
    MarkedAmount,
    ContextAmount,
    Shape,
}
