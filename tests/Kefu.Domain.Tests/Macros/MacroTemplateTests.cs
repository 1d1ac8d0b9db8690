using Kefu.Domain.Macros;

namespace Kefu.Domain.Tests.Macros;

public sealed class MacroTemplateTests
{
    private static readonly Dictionary<string, string?> Values = new(StringComparer.Ordinal)
    {
        ["customer.name"] = "陈晓明",
        ["agent.number"] = "1003",
        ["ticket.order"] = null,
    };

    [Fact]
    public void Render_KnownPlaceholders_AreFilled()
    {
        MacroTemplate.Render("{{customer.name}}您好，我是工号 {{ agent.number }} 的客服。", Values)
            .ShouldBe("陈晓明您好，我是工号 1003 的客服。");
    }

    [Fact]
    public void Render_UnknownOrEmptyPlaceholder_StaysForTheAgentToFill()
    {
        MacroTemplate.Render("订单 {{ticket.order}}，{{refund.amount}} 元", Values).ShouldBe("订单 {{ticket.order}}，{{refund.amount}} 元");
    }

    [Fact]
    public void Render_UnclosedBraces_AreLeftAsText()
    {
        MacroTemplate.Render("{{customer.name}} 请看 {{ 这里", Values).ShouldBe("陈晓明 请看 {{ 这里");
    }

    [Fact]
    public void Render_ValueContainingBraces_IsNotExpandedAgain()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["customer.name"] = "{{agent.number}}", ["agent.number"] = "1003" };
        MacroTemplate.Render("{{customer.name}}", values).ShouldBe("{{agent.number}}");
    }

    [Fact]
    public void UnknownPlaceholders_Typos_AreNamedOnce()
    {
        MacroTemplate.UnknownPlaceholders("{{customer.nmae}} {{agent.number}} {{customer.nmae}} {{ticket.id}}").ShouldBe(["customer.nmae", "ticket.id"]);
    }
}
