using Kefu.Domain.Email;

namespace Kefu.Domain.Tests.Email;

public sealed class ThreadingTests
{
    private static readonly Guid Customer = Guid.NewGuid();
    private static readonly ThreadCandidate Open = new(Guid.NewGuid(), 12345, Customer, IsClosed: false);
    private static readonly ThreadCandidate Closed = new(Guid.NewGuid(), 12000, Customer, IsClosed: true);

    [Theory]
    [InlineData("Re: 退款 [#12345]", 12345L)]
    [InlineData("回复：退款【#77】", 77L)]
    [InlineData("[#0] 退款", null)]
    [InlineData("退款 #12345", null)]
    [InlineData("退款 [#99999999999999999999]", null)]
    [InlineData(null, null)]
    public void FindTicketNumber_Subject_ReadsTheTag(string? subject, long? number)
    {
        SubjectTag.FindTicketNumber(subject).ShouldBe(number);
    }

    [Fact]
    public void ForReply_SubjectAlreadyTaggedAndPrefixed_TagsOnce()
    {
        SubjectTag.ForReply("Re: 回复：退款 [#12345]", 12345).ShouldBe("Re: 退款 [#12345]");
    }

    [Fact]
    public void Decide_Reference_ContinuesTheTicketWhoeverSends()
    {
        var decision = EmailThreading.Decide(Open, null, senderCustomerId: null);

        decision.ShouldBe(new ThreadDecision(Open.TicketId, ThreadReason.Reference));
    }

    [Fact]
    public void Decide_ReferenceBeatsSubject()
    {
        var other = Open with { TicketId = Guid.NewGuid(), Number = 1 };

        EmailThreading.Decide(Open, other, Customer).TicketId.ShouldBe(Open.TicketId);
    }

    [Fact]
    public void Decide_SubjectNumberFromTheTicketsCustomer_ContinuesTheTicket()
    {
        EmailThreading.Decide(null, Open, Customer).ShouldBe(new ThreadDecision(Open.TicketId, ThreadReason.SubjectNumber));
    }

    [Fact]
    public void Decide_SubjectNumberFromSomeoneElse_OpensANewTicket()
    {
        var decision = EmailThreading.Decide(null, Open, Guid.NewGuid());

        decision.OpensTicket.ShouldBeTrue();
        decision.Reason.ShouldBe(ThreadReason.SubjectNumberOfAnotherCustomer);
    }

    [Fact]
    public void Decide_SubjectNumberFromAnUnknownSender_OpensANewTicket()
    {
        EmailThreading.Decide(null, Open, null).Reason.ShouldBe(ThreadReason.SubjectNumberOfAnotherCustomer);
    }

    [Fact]
    public void Decide_ClosedTicket_OpensANewTicket()
    {
        EmailThreading.Decide(Closed, null, Customer).ShouldBe(new ThreadDecision(null, ThreadReason.LinkedTicketClosed));
        EmailThreading.Decide(null, Closed, Customer).ShouldBe(new ThreadDecision(null, ThreadReason.LinkedTicketClosed));
    }

    [Fact]
    public void Decide_NoLink_OpensANewTicket()
    {
        EmailThreading.Decide(null, null, Customer).ShouldBe(new ThreadDecision(null, ThreadReason.NoLink));
    }

    [Fact]
    public void OurMessage_IdWeMade_NamesTheMessageUnderAnyDomain()
    {
        var id = Guid.CreateVersion7();

        MailIds.OurMessage("<" + MailIds.ForMessage(id, "shop.test") + ">").ShouldBe(id);
        MailIds.OurMessage(MailIds.ForMessage(id, "old.example")).ShouldBe(id);
        MailIds.OurMessage("CAF3x9@mail.gmail.com").ShouldBeNull();
        MailIds.OurMessage($"{id:N}@shop.test").ShouldBeNull();
    }

    [Fact]
    public void ExternalId_WithAndWithoutMessageId_IsStableAndPrefixed()
    {
        MailIds.ExternalId("<abc@mail.test>", []).ShouldBe("email:abc@mail.test");
        MailIds.ReferenceExternalId("abc@mail.test").ShouldBe("email:abc@mail.test");
        var raw = "From: a@b.test\r\n\r\nhi"u8.ToArray();
        MailIds.ExternalId(null, raw).ShouldBe(MailIds.ExternalId(null, raw));
        MailIds.ExternalId(null, raw).ShouldStartWith("email:sha256:");
        MailIds.ExternalId(new string('x', 300) + "@mail.test", []).Length.ShouldBeLessThanOrEqualTo(MailIds.MaxExternalId);
        MailIds.MessageIdOf("email:abc@mail.test").ShouldBe("abc@mail.test");
        MailIds.MessageIdOf(MailIds.ExternalId(null, raw)).ShouldBeNull();
    }
}
