using System.Security.Cryptography;
using System.Text;
using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Tickets;

public sealed class TimelineChainTests
{
    private static readonly Guid MessageId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000aa");
    private const string Body = "承诺3个工作日内原路退款";

    [Fact]
    public void Record_SeveralEntries_ChainsEachToTheOneBefore()
    {
        var (ticket, entries) = Worked();

        entries.Select(e => e.Sequence).ShouldBe([1, 2, 3, 4]);
        ticket.TimelineLength.ShouldBe(4);
        ticket.TimelineHead.ShouldBe(entries[^1].Hash);
        entries[1].Hash.ShouldBe(SHA256.HashData([.. entries[0].Hash, .. TimelineChain.Canonical(entries[1])]));
        entries[0].Hash.ShouldBe(SHA256.HashData([.. new byte[32], .. TimelineChain.Canonical(entries[0])]));

        var check = Verify(ticket, entries);
        check.IsIntact.ShouldBeTrue();
        check.IntactEntries.ShouldBe(4);
        check.Head.ShouldBe(ticket.TimelineHead);
    }

    [Fact]
    public void Record_TimeFinerThanAMicrosecond_IsCutToWholeMicrosecondsInUtc()
    {
        var ticket = TicketFixture.New(TicketFixture.Clock());
        var at = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8)).AddTicks(1_234_567);

        var entry = ticket.Record(new TimelineEntry(AuditKinds.TicketCreated, AuthorKind.Customer, null, "陈晓明", true, null, at));

        entry.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
        entry.CreatedAt.UtcTicks.ShouldBe(at.UtcTicks - 7);
    }

    [Fact]
    public void Verify_EntryReplacedByAProperlyHashedForgery_BreaksAtTheEntryAfterIt()
    {
        var (ticket, entries) = Worked();
        var (forgedTicket, forged) = Worked(statusTo: "solved");

        var check = Verify(ticket, [entries[0], entries[1], forged[2], entries[3]]);

        check.Break.ShouldNotBeNull().Sequence.ShouldBe(4);
        check.Break.Reason.ShouldContain("does not match its hash");
        check.IntactEntries.ShouldBe(3);
        Verify(ticket, forged).Break.ShouldNotBeNull().Reason.ShouldBe("the ticket's recorded chain head does not match its last entry");
        Verify(forgedTicket, forged).IsIntact.ShouldBeTrue("only a forger who can also rewrite the ticket and every later entry gets past the chain; a signed receipt still shows the old head");
    }

    [Fact]
    public void Verify_EntryMissingInTheMiddleOrAtTheEnd_SaysWhich()
    {
        var (ticket, entries) = Worked();

        Verify(ticket, [entries[0], entries[2], entries[3]]).Break.ShouldNotBeNull().Reason.ShouldBe("entry 2 is missing");
        Verify(ticket, [.. entries.Take(3)]).Break.ShouldNotBeNull().Reason.ShouldBe("the ticket records 4 timeline entries but 3 are stored");
    }

    [Fact]
    public void Verify_MessageBodyChangedOrGone_BreaksAtTheEntryThatHashedIt()
    {
        var (ticket, entries) = Worked();

        TimelineChain.Verify(ticket.TimelineLength, ticket.TimelineHead, entries, new Dictionary<Guid, string> { [MessageId] = Body + "。" })
            .Break.ShouldNotBeNull().Reason.ShouldBe("the message of entry 2 (message.agent_reply) was changed after it was written");
        TimelineChain.Verify(ticket.TimelineLength, ticket.TimelineHead, entries, new Dictionary<Guid, string>())
            .Break.ShouldNotBeNull().Reason.ShouldBe("the message of entry 2 (message.agent_reply) is missing");
    }

    [Fact]
    public void Canonical_FieldBoundariesShifted_EncodesDifferently()
    {
        var ticket = TicketFixture.New(TicketFixture.Clock());
        var at = TicketFixture.Start;
        var one = ticket.Record(new TimelineEntry("a", AuthorKind.Agent, null, "bc", false, null, at));
        var other = TicketFixture.New(TicketFixture.Clock()).Record(new TimelineEntry("ab", AuthorKind.Agent, null, "c", false, null, at));
        var absent = TicketFixture.New(TicketFixture.Clock()).Record(new TimelineEntry("a", AuthorKind.Agent, null, "", false, null, at));
        var empty = TicketFixture.New(TicketFixture.Clock()).Record(new TimelineEntry("a", AuthorKind.Agent, null, null, false, null, at));

        TimelineChain.Canonical(one).ShouldNotBe(TimelineChain.Canonical(other));
        TimelineChain.Canonical(absent).ShouldNotBe(TimelineChain.Canonical(empty));
        Encoding.UTF8.GetString(TimelineChain.Canonical(one)).ShouldStartWith("\0\0\0\u0010kefu.timeline.v1");
    }

    private static (Ticket Ticket, List<AuditEvent> Entries) Worked(string statusTo = "waitingOnCustomer")
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.New(time);
        var at = TicketFixture.Start;
        List<AuditEvent> entries =
        [
            ticket.Record(new TimelineEntry(AuditKinds.TicketCreated, AuthorKind.Customer, ticket.CustomerId, "陈晓明", true, """{"channel":"web"}""", at)),
            ticket.Record(new TimelineEntry(AuditKinds.AgentReply, AuthorKind.Agent, null, "9002", true,
                $$"""{"messageId":"{{MessageId}}","bodySha256":"{{TimelineChain.BodyHash(Body)}}"}""", at.AddMinutes(5))),
            ticket.Record(new TimelineEntry(AuditKinds.StatusChanged, AuthorKind.Agent, null, "9002", true, $$"""{"from":"open","to":"{{statusTo}}"}""", at.AddMinutes(6))),
            ticket.Record(new TimelineEntry(AuditKinds.InternalNote, AuthorKind.Agent, null, "9002", false, null, at.AddMinutes(7))),
        ];
        return (ticket, entries);
    }

    private static TimelineCheck Verify(Ticket ticket, List<AuditEvent> entries) =>
        TimelineChain.Verify(ticket.TimelineLength, ticket.TimelineHead, entries, new Dictionary<Guid, string> { [MessageId] = Body });
}
