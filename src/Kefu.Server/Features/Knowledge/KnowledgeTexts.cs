using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Kefu.Server.Features.Knowledge;

/// <summary>What the bot and the help centre say, from KnowledgeTexts.resx (zh-CN) and KnowledgeTexts.en.resx.</summary>
public sealed class KnowledgeTexts(IStringLocalizer<KnowledgeTexts> localizer)
{
    public string Get(string name, string locale)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(locale);
        try
        {
            return localizer[name].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
