using System.Collections.Frozen;

namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// Folds full-width ASCII (１２３，ＳＦ，：) and the traditional characters that matter to the rules onto the forms the
/// rules are written in. Character for character, so every position found in the folded text is a position in the
/// original and highlights land on the customer's own words.
/// </summary>
internal static class TextFolding
{
    private static readonly FrozenDictionary<char, char> Traditional = new Dictionary<char, char>
    {
        ['號'] = '号', ['單'] = '单', ['訂'] = '订', ['塊'] = '块', ['兩'] = '两', ['萬'] = '万', ['億'] = '亿',
        ['點'] = '点', ['時'] = '时', ['週'] = '周', ['禮'] = '礼', ['錢'] = '钱', ['圓'] = '元', ['個'] = '个',
        ['張'] = '张', ['帳'] = '账', ['賬'] = '账', ['戶'] = '户', ['發'] = '发', ['錯'] = '错', ['貨'] = '货',
        ['換'] = '换', ['補'] = '补', ['還'] = '还', ['沒'] = '没', ['額'] = '额', ['費'] = '费', ['買'] = '买',
        ['賣'] = '卖', ['電'] = '电', ['話'] = '话', ['碼'] = '码', ['務'] = '务', ['處'] = '处', ['際'] = '际',
        ['凍'] = '冻', ['結'] = '结', ['騙'] = '骗', ['郵'] = '邮', ['價'] = '价',
        ['錄'] = '录', ['無'] = '无', ['簽'] = '签', ['遞'] = '递', ['運'] = '运',
        ['場'] = '场', ['當'] = '当', ['後'] = '后', ['給'] = '给', ['條'] = '条',
        ['麼'] = '么', ['為'] = '为', ['這'] = '这', ['倆'] = '俩', ['紅'] = '红', ['復'] = '复', ['證'] = '证',
    }.ToFrozenDictionary();

    public static string Fold(string text) =>
        string.Create(text.Length, text, static (folded, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                folded[i] = Fold(source[i]);
            }
        });

    private static char Fold(char c) => c switch
    {
        // The ideographic comma stays: "100，200元" is two amounts, "100,200元" would read as one.
        '，' => c,
        >= '！' and <= '～' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        '￥' => '¥',
        _ => Traditional.GetValueOrDefault(c, c),
    };
}
