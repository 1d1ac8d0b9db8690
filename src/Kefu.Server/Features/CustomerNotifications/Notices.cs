using Kefu.Domain.Tickets;

namespace Kefu.Server.Features.CustomerNotifications;

/// <summary>
/// What an "email" outbox row carries, for the email sender: the reply or status notice as plain text, with what
/// threads it (the ticket number in the subject, the Message-ID the customer last wrote from) and who answered.
/// The outbox row's id is the idempotency key (use it in the Message-ID, e.g. &lt;id@host&gt;).
/// </summary>
public sealed record EmailNotice(
    string To, string Subject, string Text, long TicketNumber, Guid? MessageId, string? AgentName, string? AgentNumber,
    string? InReplyTo, string? VerificationCode, string Event);

/// <summary>
/// What a channel outbox row (kind "wechat", "app" ...) carries, for that channel's sender: the customer's handle on
/// the channel (a WeChat openid, the host platform's user id), the text, and who answered.
/// </summary>
public sealed record ChannelNotice(
    string Channel, string CustomerExternalId, string Handle, long TicketNumber, string Text, Guid? MessageId,
    string? AgentName, string? AgentNumber, string? VerificationCode, string Event);

/// <summary>The words of a notice. Chinese, the workspaces' language so far; the ticket's status names come from the lifecycle.</summary>
public static class NoticeText
{
    public const string EmailKind = "email";

    public static string Subject(long number, string subject) => $"[#{number}] {subject}";

    public static string Reply(string body, string? agentName, string? agentNumber, string? verificationCode)
    {
        var signature = agentNumber is null ? "" : $"\n\n—— {agentName ?? "客服"}（工号 {agentNumber}）";
        var code = verificationCode is null ? "" : $"\n消息验证码 {verificationCode}，可在官方核验页面确认是否为官方客服。";
        return body + signature + code;
    }

    public static string Status(long number, string subject, TicketStatus status) => status switch
    {
        TicketStatus.NeedsInfo or TicketStatus.WaitingOnCustomer => $"您的工单 #{number}「{subject}」需要您补充信息，请直接回复本消息。",
        TicketStatus.Solved => $"您的工单 #{number}「{subject}」已解决。如果问题仍未解决，请直接回复，我们会继续处理。",
        TicketStatus.Closed => $"您的工单 #{number}「{subject}」已关闭。",
        TicketStatus.OnHold => $"您的工单 #{number}「{subject}」暂时挂起，我们会尽快继续处理。",
        _ => $"您的工单 #{number}「{subject}」正在处理中。",
    };

    /// <summary>The email inviting the customer to rate a solved ticket; the page behind the link asks before recording.</summary>
    public static string SurveyInvitation(long number, string url) =>
        $"您的工单 #{number} 已解决。请花一分钟为本次服务评分（1–5 分）：\n{url}\n\nYour ticket #{number} is solved. Please rate our service (1–5): {url}";

    /// <summary>The channel outbox kind of a ticket channel, e.g. "wechat".</summary>
    public static string KindOf(Channel channel) => channel.ToString().ToLowerInvariant();
}
