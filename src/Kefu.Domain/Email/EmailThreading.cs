namespace Kefu.Domain.Email;

/// <summary>A ticket an incoming mail may belong to, as far as threading needs to know it.</summary>
public sealed record ThreadCandidate(Guid TicketId, long Number, Guid CustomerId, bool IsClosed);

public enum ThreadReason
{
    /// <summary>In-Reply-To or References names a mail of the ticket.</summary>
    Reference,

    /// <summary>The subject carries the ticket's number and the sender is the ticket's customer.</summary>
    SubjectNumber,

    /// <summary>Nothing links the mail to a ticket.</summary>
    NoLink,

    /// <summary>The linked ticket is closed; a closed ticket takes no more messages.</summary>
    LinkedTicketClosed,

    /// <summary>The subject names a ticket of another customer: a guessed or copied number is not a key to it.</summary>
    SubjectNumberOfAnotherCustomer,
}

public sealed record ThreadDecision(Guid? TicketId, ThreadReason Reason)
{
    public bool OpensTicket => TicketId is null;
}

/// <summary>
/// Which ticket an incoming mail continues. A mail reference is trusted on its own (Message-IDs are not
/// guessable); a number in the subject only when the sender is the ticket's own customer.
/// </summary>
public static class EmailThreading
{
    /// <param name="byReference">The ticket of a mail named in In-Reply-To or References, if any.</param>
    /// <param name="bySubjectNumber">The ticket whose number the subject carries, if any.</param>
    /// <param name="senderCustomerId">The customer the sender's address belongs to, if known.</param>
    public static ThreadDecision Decide(ThreadCandidate? byReference, ThreadCandidate? bySubjectNumber, Guid? senderCustomerId)
    {
        if (byReference is not null)
        {
            return byReference.IsClosed ? new(null, ThreadReason.LinkedTicketClosed) : new(byReference.TicketId, ThreadReason.Reference);
        }

        if (bySubjectNumber is null)
        {
            return new(null, ThreadReason.NoLink);
        }

        if (senderCustomerId != bySubjectNumber.CustomerId)
        {
            return new(null, ThreadReason.SubjectNumberOfAnotherCustomer);
        }

        return bySubjectNumber.IsClosed ? new(null, ThreadReason.LinkedTicketClosed) : new(bySubjectNumber.TicketId, ThreadReason.SubjectNumber);
    }
}
